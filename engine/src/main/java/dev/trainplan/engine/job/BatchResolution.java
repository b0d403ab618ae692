package dev.trainplan.engine.job;

/**
 * Turns the batch sizes a user gave into the resolved {@link Batch}, with each framework's own rules:
 * DeepSpeed derives the missing value by floor division and then asserts equality
 * ({@code deepspeed/runtime/config.py: _set_batch_related_parameters, _batch_assertion}); Megatron
 * requires the global batch to be a multiple of micro-batch × DP ({@code ConstantNumMicroBatchesCalculator});
 * the others multiply per-device batch, accumulation and DP.
 */
public final class BatchResolution {
    /** HF Trainer's default {@code per_device_train_batch_size}. */
    public static final int DEFAULT_MICRO_BATCH = 8;

    private BatchResolution() {
    }

    public static Batch resolve(Framework framework, BatchSpec spec, int dataParallel, boolean decreaseIfNeeded) {
        return switch (framework) {
            case DEEPSPEED -> deepSpeed(spec, dataParallel);
            case MEGATRON -> megatron(spec, dataParallel, decreaseIfNeeded);
            default -> product(spec, dataParallel);
        };
    }

    static Batch deepSpeed(BatchSpec spec, int world) {
        long train = spec.globalBatch();
        long micro = spec.microBatch();
        long ga = spec.gradientAccumulation();
        if (train == 0 && micro == 0) {
            throw new IllegalArgumentException("DeepSpeed needs train_batch_size or train_micro_batch_size_per_gpu: "
                    + "\"Either train_batch_size or train_micro_batch_size_per_gpu needs to be provided\"; give one of them.");
        }
        if (train > 0 && micro > 0 && ga == 0) {
            ga = (train / micro) / world;
        } else if (train > 0 && ga > 0 && micro == 0) {
            micro = (train / world) / ga;
        } else if (micro > 0 && ga > 0 && train == 0) {
            train = micro * ga * world;
        } else if (train > 0 && micro == 0) {
            ga = 1;
            micro = train / world;
        } else if (micro > 0 && train == 0) {
            ga = 1;
            train = micro * world;
        }
        if (micro <= 0) {
            throw new IllegalArgumentException("DeepSpeed derives train_micro_batch_size_per_gpu " + micro + " from train_batch_size "
                    + train + " over data-parallel world " + world + " (floor division) and it must be above 0; raise train_batch_size.");
        }
        if (ga <= 0) {
            throw new IllegalArgumentException("DeepSpeed derives gradient_accumulation_steps (" + train + " // " + micro + ") // " + world
                    + " = " + ga + " and it must be above 0: train_batch_size " + train + " is smaller than micro " + micro
                    + " × data-parallel world " + world + ".");
        }
        if (train != micro * ga * world) {
            throw new IllegalArgumentException("DeepSpeed rejects train_batch_size " + train + " != train_micro_batch_size_per_gpu " + micro
                    + " × gradient_accumulation_steps " + ga + " × data-parallel world " + world + " = " + micro * ga * world
                    + "; make train_batch_size a multiple of micro × world and consistent with the other two.");
        }
        return Batch.of((int) micro, (int) ga, world);
    }

    static Batch megatron(BatchSpec spec, int dp, boolean decreaseIfNeeded) {
        int micro = spec.microBatch();
        long global = spec.globalBatch();
        if (micro == 0) {
            if (global > 0 && spec.gradientAccumulation() > 0) {
                return product(spec, dp);
            }
            micro = 1;
        }
        if (global == 0) {
            global = (long) micro * Math.max(1, spec.gradientAccumulation()) * dp;
        }
        long perMicroStep = (long) micro * dp;
        if (global % perMicroStep != 0) {
            if (!decreaseIfNeeded) {
                throw new IllegalArgumentException("global batch size (" + global + ") is not divisible by micro batch size (" + micro
                        + ") times data parallel size (" + dp + ") = " + perMicroStep + "; use a multiple of " + perMicroStep
                        + " or --decrease-batch-size-if-needed.");
            }
            global = global / perMicroStep * perMicroStep;
        }
        long microbatches = global / perMicroStep;
        if (microbatches < 1) {
            throw new IllegalArgumentException("number of microbatches should be at least 1, got 0: global batch " + spec.globalBatch()
                    + " is smaller than micro batch " + micro + " × data parallel " + dp + " = " + perMicroStep + ".");
        }
        if (spec.gradientAccumulation() > 0 && spec.gradientAccumulation() != microbatches) {
            throw new IllegalArgumentException("gradient_accumulation_steps " + spec.gradientAccumulation() + " contradicts global batch "
                    + global + " / (micro batch " + micro + " × data parallel " + dp + ") = " + microbatches + "; give two of the three.");
        }
        return Batch.of(micro, Math.toIntExact(Math.min(microbatches, BatchSpec.MAX_ACCUMULATION + 1L)), dp);
    }

    static Batch product(BatchSpec spec, int dp) {
        int micro = spec.microBatch();
        int ga = spec.gradientAccumulation();
        long global = spec.globalBatch();
        if (global == 0) {
            return Batch.of(micro == 0 ? DEFAULT_MICRO_BATCH : micro, ga == 0 ? 1 : ga, dp);
        }
        if (micro == 0 && ga == 0) {
            ga = 1;
        }
        if (micro == 0) {
            long perRank = (long) ga * dp;
            if (global % perRank != 0) {
                throw new IllegalArgumentException("global batch " + global + " is not divisible by gradient_accumulation " + ga
                        + " × data_parallel " + dp + " = " + perRank + "; choose a global batch that is a multiple of " + perRank + ".");
            }
            return Batch.of(Math.toIntExact(Math.min(global / perRank, BatchSpec.MAX_MICRO_BATCH + 1L)), ga, dp);
        }
        long perStep = (long) micro * dp;
        if (global % perStep != 0) {
            throw new IllegalArgumentException("global batch " + global + " is not divisible by micro_batch " + micro
                    + " × data_parallel " + dp + " = " + perStep + "; choose a global batch that is a multiple of " + perStep + ".");
        }
        long derived = global / perStep;
        if (ga != 0 && ga != derived) {
            throw new IllegalArgumentException("global batch " + global + " is not micro_batch " + micro + " × gradient_accumulation "
                    + ga + " × data_parallel " + dp + " = " + perStep * ga + "; give any two of the three.");
        }
        return Batch.of(micro, Math.toIntExact(Math.min(derived, BatchSpec.MAX_ACCUMULATION + 1L)), dp);
    }
}
