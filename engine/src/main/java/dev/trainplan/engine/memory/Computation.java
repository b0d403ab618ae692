package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.PipelineSplit;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;

/**
 * One evaluation of a job: walks the pipeline stages, reports each stage's items to a {@link Sink}
 * and returns the worst stage's peak. Both the itemised and the fast path run this code; the fast path
 * reuses one instance per thread ({@link #reset}), so it allocates nothing.
 */
final class Computation {
    private static final long DEEPSPEED_REDUCE_BUCKET_ELEMENTS = 500_000_000L;
    private static final int AMAX_HISTORY = 1024;
    private static final String GATHERED_UNDER_PIPELINE =
            "torchtitan with pipeline parallelism: FSDP does not reshard after forward, the stage's layers stay gathered";
    private static final String ACCUMULATORS_UNDER_PIPELINE =
            "torch.distributed.pipelining disables FSDP gradient sync until the last micro-batch: gradients accumulate unsharded in FP32";
    private static final String GATHERED_AT_LOSS = "FSDP2: the root module (embeddings, output) stays gathered, and the last layer is prefetched";
    private static final String GATHERED_IN_BACKWARD = "FSDP2: the root module stays gathered, one layer computing and one prefetched";

    private final MemoryModel model;
    private final Shape shape;
    private final Activations activations = new Activations();
    private final States states = new States();
    private Job job;
    private Sink sink;
    private Profile profile;
    private Overheads overheads;
    private int tp;
    private int pp;
    private int ep;
    /** Tensor-parallel size of the expert layers (Megatron's expert grid: expert tp × ep × expert dp × pp). */
    private int expertTp;
    private int vp;
    private long group;
    private long expertGroup;
    private long microBatchesPerStep;
    private LossKernel loss;
    private boolean transformerEngineFp8;
    private boolean fp8Gather;
    /** Set by the stage's activations: bytes the allocator keeps cached but unusable at the stage's peak. */
    private long cachedLogitBytes;

    Computation(MemoryModel model) {
        this.model = model;
        this.shape = model.shape();
    }

    Computation reset(Job job, Sink sink) {
        this.job = job;
        this.sink = sink;
        MemorySettings settings = model.settings();
        profile = Profile.of(job.framework());
        overheads = model.overheads(job.framework());
        Parallelism par = job.parallelism();
        tp = par.tp();
        pp = par.pp();
        ep = par.ep();
        vp = par.vp();
        int world = job.worldSize();
        group = (long) job.dataParallel() * par.cp();
        expertTp = shape.experts > 0 ? par.expertTensorParallel(world) : tp;
        expertGroup = shape.experts > 0 ? world / ((long) expertTp * ep * pp) : group;
        int micro = job.batch().microBatch();
        microBatchesPerStep = job.batch().gradientAccumulation();
        long localSequence = Activations.ceilDiv(job.dataset().sequenceLength(), par.cp());
        boolean fp8 = job.precision() == Precision.FP8 || job.precision() == Precision.MXFP8 || job.precision() == Precision.NVFP4;
        Fp8Recipe recipe = settings.fp8RecipeFor(job.framework());
        transformerEngineFp8 = fp8 && recipe == Fp8Recipe.TRANSFORMER_ENGINE;
        fp8Gather = job.precision() == Precision.FP8 && recipe == Fp8Recipe.TORCHAO_DYNAMIC;
        activations.set(shape, micro * localSequence, localSequence, tp, par.sequenceParallelActive(), job.recompute(),
                profile, settings.flashAttention(), settings.dropout(), transformerEngineFp8, settings.moeCapacityFactor());
        states.set(profile.layout, job.precision(), job.optimizer(), job.sharding(), settings.pureBf16Optimizer(), settings.offload(), group > 1);
        loss = settings.lossKernel().orElse(profile.loss);
        return this;
    }

    long peakBytes() {
        long worst = 0;
        int start = 0;
        PipelineSplit split = PipelineSplit.of(job.framework());
        // The last middle stage computed: its layer counts and micro-batches in flight.
        int seenCount = -1;
        int seenDense = -1;
        long seenChunks = -1;
        for (int stage = 0; stage < pp; stage++) {
            int count = shape.layered ? split.layersOnStage(stage, start, shape.layers, pp, vp, shape.denseLayerGemmParams,
                    (double) shape.vocab * shape.hidden) : 1;
            boolean middle = stage > 0 && stage < pp - 1;
            int dense = denseCount(start, count);
            long chunks = chunksInFlight(stage);
            // A middle stage with the same layers as an earlier middle stage and no more micro-batches in flight differs from it
            // only in stored activations (and the fragmentation on them), which grow with the micro-batches: it cannot be the peak.
            // The itemised path still reports every stage.
            boolean dominated = sink == Sink.NONE && middle && count == seenCount && dense == seenDense && chunks <= seenChunks;
            if (!dominated) {
                worst = Math.max(worst, stage(stage, start, count));
                if (middle) {
                    seenCount = count;
                    seenDense = dense;
                    seenChunks = chunks;
                }
            }
            start += count;
        }
        return worst;
    }

    /** 1F1B: stage i holds min(m, p − i) micro-batches; interleaved: Megatron's warm-up of 2(p − i − 1) + (v − 1)p chunks, + 1. */
    private long chunksInFlight(int stage) {
        if (pp == 1) {
            return 1;
        }
        if (vp == 1) {
            return Math.min(microBatchesPerStep, pp - stage);
        }
        return Math.min(microBatchesPerStep * vp, 2L * (pp - stage - 1) + (long) (vp - 1) * pp + 1);
    }

    private int denseCount(int start, int count) {
        return shape.layered ? Math.clamp(Math.min(start + count, shape.denseLayers) - start, 0, count) : count;
    }

    private long stage(int stage, int start, int count) {
        boolean first = stage == 0;
        boolean last = stage == pp - 1;
        long chunksInFlight = chunksInFlight(stage);
        sink.stage(stage, start, count, (double) chunksInFlight / vp);
        int denseCount = denseCount(start, count);
        int moeCount = count - denseCount;
        long nonExpert;
        long experts;
        long gemm;
        if (shape.layered) {
            nonExpert = denseCount * shape.denseLayerParams + moeCount * shape.moeLayerNonExpertParams
                    + (first ? shape.embeddingParams : 0) + (last ? lastStageExtras() : 0);
            experts = moeCount * shape.experts * shape.expertParams;
            gemm = denseCount * shape.denseLayerGemmParams + moeCount * shape.moeLayerGemmParams;
        } else {
            nonExpert = Activations.ceilDiv(shape.totalParams, pp);
            experts = 0;
            gemm = nonExpert;
        }
        long nonExpertLocal = Activations.ceilDiv(nonExpert, tp);
        long expertLocal = Activations.ceilDiv(experts, (long) ep * expertTp);
        long gemmLocal = Activations.ceilDiv(gemm, tp) + expertLocal;

        long allocated = model.modelStates(this, nonExpertLocal, expertLocal, gemmLocal, denseCount, moeCount, first, last)
                + buffers(nonExpertLocal + expertLocal, gemmLocal, count);
        cachedLogitBytes = 0;
        allocated += activations(stage, start, count, denseCount, moeCount, chunksInFlight, first, last);
        allocated += add(ItemKind.BUFFER, "cuBLAS and attention workspaces", overheads.workspaces().source(), overheads.workspaces().bytes());
        long fragmentation = (long) Math.ceil(allocated * overheads.fragmentationFraction());
        add(ItemKind.FRAGMENTATION, "allocator fragmentation (reserved, not allocated)", overheads.fragmentationSource(), fragmentation);
        fragmentation += add(ItemKind.FRAGMENTATION, "16-bit logits block cached by the allocator",
                "FP32 loss: the 16-bit logits freed after the upcast stay cached; the larger FP32 tensors cannot reuse the block", cachedLogitBytes);
        long runtime = add(ItemKind.RUNTIME, "CUDA context", overheads.cudaContext().source(), overheads.cudaContext().bytes());
        if (job.worldSize() > 1) {
            runtime += add(ItemKind.RUNTIME, "NCCL communicator buffers", overheads.nccl().source(), overheads.nccl().bytes());
        }
        return allocated + fragmentation + runtime;
    }

    /** The last stage's output layer (a copy of the embedding when tied across stages) and final norm. */
    private long lastStageExtras() {
        long head = shape.headParams > 0 ? shape.headParams : pp > 1 ? shape.vocab * shape.hidden : 0;
        return head + shape.finalNormParams;
    }

    private long buffers(long paramsLocal, long gemmLocal, int layers) {
        long bytes = 0;
        if (transformerEngineFp8) {
            bytes += add(ItemKind.BUFFER, "FP8 weight copies and transposes", "Transformer Engine keeps an FP8 weight and its transpose per GEMM",
                    2 * gemmLocal);
            bytes += add(ItemKind.BUFFER, "FP8 amax history", "Transformer Engine delayed scaling: 1024 FP32 amax values per FP8 tensor, 3 tensors per GEMM",
                    (long) layers * 4 * 3 * AMAX_HISTORY * 4);
        }
        if (profile.ddpBucketCopy && job.sharding() == Sharding.NONE && group > 1) {
            bytes += add(ItemKind.BUFFER, "DDP gradient buckets", "torch DDP gradient_as_bucket_view=False (default): buckets are a second copy of the gradients",
                    (long) states.gradientBytes() * paramsLocal);
        }
        if (profile.layout == Profile.StateLayout.DEEPSPEED && states.gradientsSharded() && group > 1) {
            bytes += add(ItemKind.BUFFER, "ZeRO reduce bucket", "DeepSpeed reduce_bucket_size default 5e8 elements in the 16-bit gradient type",
                    Math.min(DEEPSPEED_REDUCE_BUCKET_ELEMENTS, paramsLocal) * states.weightBytes());
        }
        return bytes;
    }

    private long activations(int stage, int start, int count, int denseCount, int moeCount, long chunksInFlight, boolean first, boolean last) {
        long perMicroBatch = shape.layered
                ? layersStored(denseCount, moeCount, recomputedLayers(count))
                : Activations.ceilDiv(activations.storedBytes(0), pp);
        long bytes = add(ItemKind.ACTIVATION, "stored activations of the stage's layers",
                "formulas.md §3: per-layer bytes × layers × micro-batches in flight (1F1B: min(m, p − stage); interleaved: Megatron's warm-up)",
                Activations.ceilDiv(perMicroBatch * chunksInFlight, vp));
        long microBatchesHeld = Activations.ceilDiv(chunksInFlight, vp);
        if (first && shape.layered) {
            bytes += add(ItemKind.ACTIVATION, "embedding: token ids and dropout mask", "Megatron theoretical_memory_usage: 8sb ids (+ sbh mask with dropout)",
                    microBatchesHeld * activations.embeddingBytes());
        }
        if (last && shape.layered) {
            bytes += add(ItemKind.ACTIVATION, "final norm and output-layer inputs", "2sbh each, split by tp only under sequence parallelism",
                    activations.headInputBytes());
        }
        int denseLayer = denseCount > 0 ? start : -1;
        int moeLayer = moeCount > 0 ? shape.layers - 1 : -1;
        long denseWorking = layerWorkingBytes(denseLayer);
        long moeWorking = layerWorkingBytes(moeLayer);
        long layerMoment = Math.max(denseWorking, moeWorking);
        long fsdpLayer = fsdpBytes(count, false);
        long lossMoment = last && shape.layered && shape.vocab > 0 ? activations.lossBytes(loss) + fsdpBytes(count, true) : 0;
        if (lossMoment > layerMoment + fsdpLayer) {
            bytes += add(ItemKind.ACTIVATION, "logits and loss working set", loss.source(), activations.lossBytes(loss));
            cachedLogitBytes = activations.logitBytes(loss.cachedBytesPerLogit());
            return bytes + fsdpItems(count, true);
        }
        int worstLayer = denseWorking >= moeWorking ? denseLayer : moeLayer;
        if (worstLayer >= 0) {
            bytes += add(ItemKind.ACTIVATION, "backward working set of one layer", "gradients of the MLP intermediates and of two hidden states",
                    activations.backwardWorkingBytes(worstLayer));
            long recomputed = activations.recomputedBytes(worstLayer);
            if (recomputed > 0) {
                bytes += add(ItemKind.ACTIVATION, "recomputed activations of one layer", "formulas.md §3.5: the layer's non-stored activations are live again in its backward",
                        recomputed);
            }
        }
        return bytes + fsdpItems(count, false);
    }

    /**
     * Layers of a stage of {@code count} whose activations are recomputed: all of them under full recompute,
     * Megatron's block method the first {@code recompute_num_layers} of each of the stage's vp chunks, else none.
     */
    private int recomputedLayers(int count) {
        if (job.recompute() != Recompute.FULL) {
            return 0;
        }
        int n = job.recomputeLayers();
        return n == 0 ? count : (int) Math.min(count, (long) n * vp);
    }

    /** Stored activations of one micro-batch through the stage's layers, dense first, the first {@code recomputed} of them keeping only their input. */
    private long layersStored(int denseCount, int moeCount, int recomputed) {
        Recompute mode = job.recompute();
        if (mode != Recompute.FULL || recomputed == denseCount + moeCount) {
            return denseCount * activations.storedBytes(0) + moeCount * activations.storedBytes(shape.layers - 1);
        }
        int denseRecomputed = Math.min(denseCount, recomputed);
        int moeRecomputed = recomputed - denseRecomputed;
        int moeLayer = shape.layers - 1;
        return denseRecomputed * activations.storedBytes(0, Recompute.FULL) + (denseCount - denseRecomputed) * activations.storedBytes(0, Recompute.NONE)
                + moeRecomputed * activations.storedBytes(moeLayer, Recompute.FULL) + (moeCount - moeRecomputed) * activations.storedBytes(moeLayer, Recompute.NONE);
    }

    private long layerWorkingBytes(int layer) {
        return layer < 0 ? 0 : activations.backwardWorkingBytes(layer) + activations.recomputedBytes(layer);
    }

    private boolean fsdp() {
        return job.sharding() == Sharding.ZERO3 && profile.layout != Profile.StateLayout.DEEPSPEED;
    }

    private int gatherBytes() {
        return job.precision() == Precision.FP32 ? 4 : fp8Gather ? 1 : 2;
    }

    /** Largest FSDP unit (one transformer layer) on this rank. */
    private long unitParams() {
        long dense = Activations.ceilDiv(shape.denseLayers > 0 ? shape.denseLayerParams : 0, tp);
        long moe = shape.experts > 0 ? Activations.ceilDiv(shape.moeLayerNonExpertParams, tp)
                + Activations.ceilDiv(shape.experts * shape.expertParams, (long) ep * expertTp) : 0;
        return Math.max(dense, moe);
    }

    private long rootParams() {
        return Activations.ceilDiv(shape.embeddingParams + shape.headParams + shape.finalNormParams, tp);
    }

    private long fsdpBytes(int layers, boolean lossMoment) {
        if (!fsdp()) {
            return 0;
        }
        return gatheredBytes(layers, lossMoment) + (lossMoment || pipelinedFsdp() ? 0 : unitParams() * reduceScatterBytesPerParam()) + accumulatorBytes(layers);
    }

    private boolean pipelinedFsdp() {
        return job.framework().shardTraffic(job.sharding(), pp) != job.sharding();
    }

    /** Gathered layers in the GEMM all-gather type (FP8 with torchao's float8 all-gather); embeddings and output stay 16-bit. */
    private long gatheredBytes(int layers, boolean lossMoment) {
        long units = pipelinedFsdp() ? layers : lossMoment ? 1 : 2;
        return unitParams() * units * gatherBytes() + rootParams() * (fp8Gather ? 2 : gatherBytes());
    }

    /**
     * torch.distributed.pipelining turns FSDP gradient sync off for all but the last micro-batch, so the
     * stage's gradients accumulate unsharded, upcast to torchtitan's FP32 reduce type.
     */
    private long accumulatorBytes(int layers) {
        return pipelinedFsdp() ? (unitParams() * layers + rootParams()) * 4 : 0;
    }

    /** Unsharded 16-bit gradients of one unit, plus the FP32 copy torchtitan reduce-scatters (mixed_precision_reduce float32). */
    private int reduceScatterBytesPerParam() {
        return profile == Profile.TORCHTITAN ? 6 : 2;
    }

    private long fsdpItems(int layers, boolean lossMoment) {
        if (!fsdp()) {
            return 0;
        }
        String source = pipelinedFsdp() ? GATHERED_UNDER_PIPELINE : lossMoment ? GATHERED_AT_LOSS : GATHERED_IN_BACKWARD;
        long bytes = add(ItemKind.BUFFER, "FSDP all-gathered parameters", source, gatheredBytes(layers, lossMoment));
        bytes += add(ItemKind.BUFFER, "FSDP unsharded FP32 gradient accumulators", ACCUMULATORS_UNDER_PIPELINE, accumulatorBytes(layers));
        if (!lossMoment && !pipelinedFsdp()) {
            bytes += add(ItemKind.BUFFER, "FSDP unsharded gradients of one layer", "16-bit gradients of the layer being reduce-scattered (+ FP32 copy in torchtitan)",
                    unitParams() * reduceScatterBytesPerParam());
        }
        return bytes;
    }

    long add(ItemKind kind, String name, String source, long bytes) {
        if (bytes > 0) {
            sink.item(kind, name, source, bytes);
        }
        return bytes;
    }

    States states() {
        return states;
    }

    long group() {
        return group;
    }

    long expertGroup() {
        return expertGroup;
    }

    int tp() {
        return tp;
    }

    Job job() {
        return job;
    }
}
