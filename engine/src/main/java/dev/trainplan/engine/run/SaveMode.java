package dev.trainplan.engine.run;

import dev.trainplan.engine.job.Named;
import java.util.List;

/**
 * How a checkpoint is written: synchronously, training waits for the storage write; asynchronously
 * (PyTorch DCP {@code async_save}, Megatron's async save), training waits only for the copy from device
 * to host memory and the write runs in the background.
 */
public enum SaveMode implements Named {
    SYNC, ASYNC;

    @Override
    public List<String> aliases() {
        return this == SYNC ? List.of("synchronous", "blocking") : List.of("asynchronous", "background");
    }

    public static SaveMode parse(String text) {
        return Named.parse(SaveMode.class, "checkpoint save mode", text);
    }
}
