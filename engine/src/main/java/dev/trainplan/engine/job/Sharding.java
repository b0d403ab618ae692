package dev.trainplan.engine.job;

import java.util.List;

/**
 * Which model states are sharded over the data-parallel group: ZeRO stage 1 shards optimizer states
 * (Megatron's distributed optimizer), stage 2 also gradients, stage 3 also parameters (FSDP full shard).
 */
public enum Sharding implements Named {
    NONE, ZERO1, ZERO2, ZERO3;

    @Override
    public List<String> aliases() {
        return switch (this) {
            case NONE -> List.of("ddp", "no-shard", "zero0");
            case ZERO1 -> List.of("distributed-optimizer", "zero-1");
            case ZERO2 -> List.of("zero-2", "shard-grad-op");
            case ZERO3 -> List.of("zero-3", "fsdp", "full-shard");
        };
    }

    public static Sharding parse(String text) {
        return Named.parse(Sharding.class, "sharding", text);
    }
}
