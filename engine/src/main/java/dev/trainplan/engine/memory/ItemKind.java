package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Named;

/**
 * What a line of a memory estimate is, which also says which measurement sees it: PyTorch's
 * {@code max_memory_allocated} counts model states, activations and buffers; {@code max_memory_reserved}
 * adds the allocator's cached but unused blocks (fragmentation); {@code nvidia-smi} adds the runtime
 * memory outside the allocator (CUDA context, NCCL).
 */
public enum ItemKind implements Named {
    MODEL_STATE, ACTIVATION, BUFFER, FRAGMENTATION, RUNTIME;

    /** Whether PyTorch's allocated-bytes counter includes this kind. */
    public boolean allocated() {
        return this == MODEL_STATE || this == ACTIVATION || this == BUFFER;
    }

    /** Whether PyTorch's reserved-bytes counter includes this kind. */
    public boolean reserved() {
        return this != RUNTIME;
    }
}
