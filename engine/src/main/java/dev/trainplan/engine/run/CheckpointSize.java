package dev.trainplan.engine.run;

import dev.trainplan.engine.job.Require;
import dev.trainplan.engine.job.Sharding;
import java.util.Objects;

/**
 * The bytes of one checkpoint: the whole training state, and the largest part a single device holds
 * and copies out (what bounds an asynchronous save's blocking copy and a node's host staging memory).
 *
 * @param totalBytes the whole checkpoint as written to storage
 * @param largestDeviceBytes the most any one device saves
 */
public record CheckpointSize(long totalBytes, long largestDeviceBytes) {
    public CheckpointSize {
        Require.positive("checkpoint bytes", totalBytes, Long.MAX_VALUE);
        Require.positive("checkpoint bytes per device", largestDeviceBytes, totalBytes);
    }

    /**
     * A checkpoint of the model states (formulas.md §8.4): the weights as trained plus the optimizer's
     * states, including fp32 master weights (14 B/param for bf16 + Adam: 2 + 12); gradients are not saved.
     * Each model-parallel shard ({@code modelParallel} = tp × pp) is written once; the data-parallel
     * replicas share out what the sharding spreads over them: optimizer states from ZeRO-1 on, weights
     * with ZeRO-3. The memory engine owns the bytes per parameter of each precision and optimizer.
     */
    public static CheckpointSize ofModelStates(long parameters, double weightBytesPerParameter, double optimizerBytesPerParameter,
                                               Sharding sharding, int modelParallel, int dataParallel) {
        Require.positive("parameters", parameters, Require.MAX_COUNT);
        Require.positive("weight bytes per parameter", weightBytesPerParameter, 64);
        Require.nonNegative("optimizer bytes per parameter", optimizerBytesPerParameter, 256);
        Objects.requireNonNull(sharding, "sharding");
        Require.positive("model-parallel size", modelParallel, Integer.MAX_VALUE);
        Require.positive("data-parallel size", dataParallel, Integer.MAX_VALUE);
        double weights = parameters * weightBytesPerParameter;
        double optimizer = parameters * optimizerBytesPerParameter;
        double weightShards = modelParallel * (sharding == Sharding.ZERO3 ? (double) dataParallel : 1);
        double optimizerShards = modelParallel * (sharding == Sharding.NONE ? 1 : (double) dataParallel);
        long total = (long) Math.ceil(weights + optimizer);
        long perDevice = (long) Math.ceil(weights / weightShards + optimizer / optimizerShards);
        return new CheckpointSize(total, Math.min(Math.max(perDevice, 1), total));
    }
}
