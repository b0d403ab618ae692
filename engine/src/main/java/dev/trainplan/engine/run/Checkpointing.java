package dev.trainplan.engine.run;

import java.util.List;
import java.util.Objects;

/** What is saved, how and how often; the storage it goes to is the run's {@link Storage}. */
public record Checkpointing(CheckpointSize size, SaveMode mode, CheckpointInterval interval, Assumption deviceToHostBytesPerSecond) {
    public Checkpointing {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(deviceToHostBytesPerSecond, "deviceToHostBytesPerSecond");
        deviceToHostBytesPerSecond.positive(1e14);
    }

    /** Synchronous saves at the Young/Daly optimum. */
    public static Checkpointing of(CheckpointSize size) {
        return new Checkpointing(size, SaveMode.SYNC, CheckpointInterval.OPTIMAL, Defaults.DEVICE_TO_HOST);
    }

    public Checkpointing withMode(SaveMode value) {
        return new Checkpointing(size, value, interval, deviceToHostBytesPerSecond);
    }

    public Checkpointing withInterval(CheckpointInterval value) {
        return new Checkpointing(size, mode, value, deviceToHostBytesPerSecond);
    }

    public Checkpointing withDeviceToHostBytesPerSecond(Assumption value) {
        return new Checkpointing(size, mode, interval, value);
    }

    List<Assumption> assumptions() {
        return mode == SaveMode.ASYNC ? List.of(deviceToHostBytesPerSecond) : List.of();
    }
}
