package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Sharding;

/**
 * Bytes per parameter of each model state, and which sharding stage splits it over the data-parallel
 * group ({@code formulas.md} §4.1-4.3). The layouts follow the frameworks' own code: Megatron's
 * main-grad buffer and distributed optimizer ({@code 6 + 12/d} for BF16), DeepSpeed's estimator
 * ({@code 2Ψ + 18Ψ/N} for ZeRO-2, {@code 18Ψ/N} + the gathered largest layer for ZeRO-3), FSDP with FP32
 * sharded parameters that are the master copy, nanotron's FP32 gradient accumulator.
 */
final class States {
    private Profile.StateLayout layout;
    private Precision precision;
    private Optimizer optimizer;
    private Sharding sharding;
    private boolean pureBf16;
    private Offload offload;
    private boolean ddpActive;

    /** Reused across evaluations so the fast path allocates nothing. */
    States set(Profile.StateLayout layout, Precision precision, Optimizer optimizer, Sharding sharding, boolean pureBf16, Offload offload,
               boolean ddpActive) {
        this.layout = layout;
        this.precision = precision;
        this.optimizer = optimizer;
        this.sharding = sharding;
        this.pureBf16 = pureBf16;
        this.offload = offload;
        this.ddpActive = ddpActive;
        return this;
    }

    Profile.StateLayout layout() {
        return layout;
    }


    /** Bytes of the working weights (the copy the forward pass reads). */
    int weightBytes() {
        if (layout == Profile.StateLayout.FP32_PARAMS && !pureBf16) {
            return 4;
        }
        return precision == Precision.FP32 ? 4 : 2;
    }

    int masterBytes() {
        return weightBytes() == 2 && !pureBf16 ? 4 : 0;
    }

    /** Bytes of the gradient the backward pass accumulates into. */
    int gradientBytes() {
        if (pureBf16) {
            return 2;
        }
        return switch (layout) {
            case MASTER_IN_OPTIMIZER -> precision == Precision.FP16 ? 2 : 4;
            case DEEPSPEED -> sharding == Sharding.ZERO3 ? 0 : weightBytes();
            case FP32_PARAMS, FP32_ACCUMULATOR -> 4;
        };
    }

    /** An FP32 gradient the optimizer reads besides the accumulated one (DeepSpeed; Megatron with FP16 grads). */
    int gradientCopyBytes() {
        boolean sixteenBit = weightBytes() == 2 && !pureBf16;
        return switch (layout) {
            case DEEPSPEED -> sixteenBit ? 4 : 0;
            case MASTER_IN_OPTIMIZER -> sixteenBit && precision == Precision.FP16 ? 4 : 0;
            default -> 0;
        };
    }

    /** nanotron's DDP keeps 16-bit gradients in its buckets before adding them to the FP32 accumulator. */
    int bucketGradientBytes() {
        return layout == Profile.StateLayout.FP32_ACCUMULATOR && ddpActive ? 2 : 0;
    }

    /** Optimizer state bytes per parameter; Adafactor's factored moments are counted per matrix instead. */
    double optimizerBytesPerParam() {
        int value = pureBf16 ? 2 : 4;
        return switch (optimizer) {
            case SGD, ADAFACTOR -> 0;
            case MOMENTUM -> value;
            case ADAMW -> 2.0 * value;
            // bitsandbytes: two int8 states plus one FP32 absmax per 2048-value block each.
            case ADAM_8BIT -> 2 + 2 * 4.0 / 2048;
        };
    }

    boolean weightsSharded() {
        return sharding == Sharding.ZERO3;
    }

    boolean gradientsSharded() {
        return sharding == Sharding.ZERO2 || sharding == Sharding.ZERO3;
    }

    boolean optimizerSharded() {
        return sharding != Sharding.NONE;
    }

    boolean optimizerOnDevice() {
        return offload == Offload.NONE;
    }

    /** Offloading the optimizer streams sharded gradients to the host as they are reduced. */
    boolean gradientsOnDevice() {
        return optimizerOnDevice() || !gradientsSharded();
    }

    boolean weightsOnDevice() {
        return offload != Offload.OPTIMIZER_AND_PARAMS || !weightsSharded();
    }

    /** Bytes on one rank of a state of {@code bytesPerParam} for {@code params} parameters, split over {@code group} when sharded. */
    static long bytes(double bytesPerParam, long params, long group, boolean sharded) {
        double total = bytesPerParam * params;
        return (long) Math.ceil(sharded ? total / group : total);
    }
}
