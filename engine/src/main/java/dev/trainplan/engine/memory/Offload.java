package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Named;
import java.util.List;

/**
 * What lives in host memory instead of the device (DeepSpeed ZeRO-Offload / ZeRO-Infinity, FSDP CPU
 * offload): the optimizer step runs on the CPU with the FP32 master weights, optimizer states and FP32
 * gradients there; with parameters offloaded too, the device only holds the layers being computed.
 */
public enum Offload implements Named {
    NONE, OPTIMIZER, OPTIMIZER_AND_PARAMS;

    @Override
    public List<String> aliases() {
        return switch (this) {
            case NONE -> List.of("off", "gpu");
            case OPTIMIZER -> List.of("cpu", "optimizer-cpu");
            case OPTIMIZER_AND_PARAMS -> List.of("all", "params", "cpu-all");
        };
    }

    public static Offload parse(String text) {
        return Named.parse(Offload.class, "offload", text);
    }
}
