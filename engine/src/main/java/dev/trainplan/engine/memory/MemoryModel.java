package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Per-device memory of a training job: model states, activations, buffers and overheads, per pipeline
 * stage and itemised ({@link #estimate}), or just the peak ({@link #peakBytes}) for a planner that
 * evaluates millions of configurations. Both run the same computation, so they agree to the byte.
 * Build one per model and settings with {@link #of}; it is immutable and thread-safe.
 */
public final class MemoryModel {
    /** NF4 with double quantisation: 4 bits + an 8-bit absmax per 64 values + an FP32 scale per 256 absmax. */
    static final double NF4_BYTES_PER_PARAM = 0.5 + (1 + 4.0 / 256) / 64;

    private final Model model;
    private final MemorySettings settings;
    private final Shape shape;
    private final long adapterParamsPerLayer;
    /** Each framework's overheads, resolved once so the fast path does not rebuild them. */
    private final Overheads[] overheads;
    /** The fast path's working state, one per thread, so {@link #peakBytes} allocates nothing. */
    private final ThreadLocal<Computation> scratch = ThreadLocal.withInitial(() -> new Computation(this));

    private MemoryModel(Model model, MemorySettings settings) {
        this.model = Objects.requireNonNull(model, "model");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.shape = new Shape(model);
        this.adapterParamsPerLayer = adapterParams(shape, settings.fineTuning());
        Framework[] frameworks = Framework.values();
        this.overheads = new Overheads[frameworks.length];
        for (Framework f : frameworks) {
            overheads[f.ordinal()] = settings.overheadsFor(f);
        }
    }

    Overheads overheads(Framework framework) {
        return overheads[framework.ordinal()];
    }

    public static MemoryModel of(Model model, MemorySettings settings) {
        return new MemoryModel(model, settings);
    }

    public static MemoryEstimate estimate(Model model, Job job, MemorySettings settings) {
        return of(model, settings).estimate(job);
    }

    public Model model() {
        return model;
    }

    public MemorySettings settings() {
        return settings;
    }

    public MemoryModel withSettings(MemorySettings newSettings) {
        return new MemoryModel(model, newSettings);
    }

    Shape shape() {
        return shape;
    }

    /** The itemised estimate, every stage. */
    public MemoryEstimate estimate(Job job) {
        Recorder recorder = new Recorder();
        new Computation(this).reset(job, recorder).peakBytes();
        return new MemoryEstimate(model, job, settings, recorder.stages());
    }

    /**
     * The device peak in bytes, exactly {@code estimate(job).peakBytesPerDevice()}, without building the
     * items and without allocating: the planner's path.
     */
    public long peakBytes(Job job) {
        return scratch.get().reset(job, Sink.NONE).peakBytes();
    }

    /**
     * The largest micro-batch that fits in {@code capacityBytes} with the job's layout and gradient
     * accumulation (so the same micro-batches are in flight); empty when even 1 does not fit.
     */
    public OptionalInt maxMicroBatch(Job job, long capacityBytes) {
        if (peakBytes(Candidates.withMicroBatch(job, 1, job.batch().gradientAccumulation())) > capacityBytes) {
            return OptionalInt.empty();
        }
        int fits = 1;
        int limit = BatchSpec.MAX_MICRO_BATCH;
        int tooBig = 0;
        while (tooBig == 0 && fits < limit) {
            int next = (int) Math.min(limit, 2L * fits);
            if (peakBytes(Candidates.withMicroBatch(job, next, job.batch().gradientAccumulation())) <= capacityBytes) {
                fits = next;
            } else {
                tooBig = next;
            }
        }
        while (tooBig - fits > 1) {
            int middle = (fits + tooBig) >>> 1;
            if (peakBytes(Candidates.withMicroBatch(job, middle, job.batch().gradientAccumulation())) <= capacityBytes) {
                fits = middle;
            } else {
                tooBig = middle;
            }
        }
        return OptionalInt.of(fits);
    }

    /** Model states of one stage: trainable parameters' weights, master copy, gradients, optimizer states; frozen weights. */
    long modelStates(Computation c, long nonExpertLocal, long expertLocal, long gemmLocal, int denseCount, int moeCount, boolean first, boolean last) {
        int layers = denseCount + moeCount;
        States st = c.states();
        long trainableNonExpert = nonExpertLocal;
        long trainableExpert = expertLocal;
        long bytes = 0;
        if (!(settings.fineTuning() instanceof FineTuning.Full)) {
            trainableNonExpert = Activations.ceilDiv(adapterParamsPerLayer * layers, c.tp());
            trainableExpert = 0;
            bytes += frozenWeights(c, nonExpertLocal + expertLocal, gemmLocal);
        }
        Optimizer optimizer = c.job().optimizer();
        if (st.weightsOnDevice()) {
            bytes += c.add(ItemKind.MODEL_STATE, weightName(st), "working copy the forward pass reads; sharded over data parallel only by ZeRO-3/FSDP",
                    shard(c, st.weightBytes(), trainableNonExpert, trainableExpert, st.weightsSharded()));
        }
        if (st.optimizerOnDevice()) {
            bytes += c.add(ItemKind.MODEL_STATE, "master weights (FP32)", "mixed precision keeps an FP32 copy for the update; sharded from ZeRO-1 (Megatron distributed optimizer) on",
                    shard(c, st.masterBytes(), trainableNonExpert, trainableExpert, st.optimizerSharded()));
        }
        if (st.gradientsOnDevice()) {
            bytes += c.add(ItemKind.MODEL_STATE, gradientName(st), "gradients accumulated over micro-batches; sharded from ZeRO-2 on",
                    shard(c, st.gradientBytes(), trainableNonExpert, trainableExpert, st.gradientsSharded()));
        }
        bytes += c.add(ItemKind.MODEL_STATE, "DDP gradient buckets (16-bit)", "nanotron: DDP reduces 16-bit gradients before the FP32 accumulator adds them",
                shard(c, st.bucketGradientBytes(), trainableNonExpert, trainableExpert, false));
        if (st.optimizerOnDevice()) {
            bytes += c.add(ItemKind.MODEL_STATE, "FP32 gradient copy for the optimizer", "DeepSpeed converts the reduced 16-bit gradient partition to FP32 (Megatron too with FP16)",
                    shard(c, st.gradientCopyBytes(), trainableNonExpert, trainableExpert, st.optimizerSharded()));
            long optimizerBytes = optimizer == Optimizer.ADAFACTOR
                    ? States.bytes(1, Activations.ceilDiv(adafactorBytes(denseCount, moeCount, first, last, trainableNonExpert), c.tp()), c.group(), st.optimizerSharded())
                    : shard(c, st.optimizerBytesPerParam(), trainableNonExpert, trainableExpert, st.optimizerSharded());
            bytes += c.add(ItemKind.MODEL_STATE, optimizerName(optimizer), optimizerSource(optimizer), optimizerBytes);
        }
        if (st.layout() == Profile.StateLayout.DEEPSPEED && st.weightsSharded()) {
            bytes += c.add(ItemKind.MODEL_STATE, "ZeRO-3 gathered largest layer (parameters + gradients)", "DeepSpeed estimate_zero3_model_states_mem_needs: 4 × largest_layer_params",
                    4 * Activations.ceilDiv(shape.largestModuleParams, c.tp()));
        }
        return bytes;
    }

    private long frozenWeights(Computation c, long params, long gemmLocal) {
        States st = c.states();
        long base = st.weightBytes() == 4 && c.job().precision() != Precision.FP32 ? 2 : st.weightBytes();
        if (settings.fineTuning() instanceof FineTuning.Qlora) {
            long gemm = Math.min(gemmLocal, params);
            return c.add(ItemKind.MODEL_STATE, "frozen base weights (NF4 GEMMs, 16-bit rest)", "QLoRA (arXiv 2305.14314): NF4 + double-quantised scales = 0.516 B/param",
                    States.bytes(NF4_BYTES_PER_PARAM, gemm, c.group(), st.weightsSharded()) + States.bytes(base, params - gemm, c.group(), st.weightsSharded()));
        }
        return c.add(ItemKind.MODEL_STATE, "frozen base weights", "LoRA: the base model is frozen in the working precision, no gradients or optimizer states",
                States.bytes(base, params, c.group(), st.weightsSharded()));
    }

    private static long shard(Computation c, double bytesPerParam, long nonExpert, long expert, boolean sharded) {
        if (bytesPerParam == 0) {
            return 0;
        }
        return States.bytes(bytesPerParam, nonExpert, c.group(), sharded) + States.bytes(bytesPerParam, expert, c.expertGroup(), sharded);
    }

    /** Adafactor's factored second moment on this stage (β1 = 0, HF's default: no first moment). */
    private long adafactorBytes(int denseCount, int moeCount, boolean first, boolean last, long adapterParams) {
        if (settings.fineTuning() instanceof FineTuning.Full) {
            return denseCount * shape.adafactorDenseLayerBytes + moeCount * shape.adafactorMoeLayerBytes
                    + ((first ? 1 : 0) + (last && shape.headParams > 0 ? 1 : 0)) * shape.adafactorEmbeddingBytes;
        }
        // An adapter pair A (r × in), B (out × r) factors into 4(r + in) + 4(out + r) ≈ 4 × its parameters / r.
        return 4 * adapterParams / rank(settings.fineTuning());
    }

    private static String weightName(States st) {
        if (st.layout() == Profile.StateLayout.FP32_PARAMS && st.weightBytes() == 4) {
            return "weights (FP32, also the master copy)";
        }
        return st.weightBytes() == 4 ? "weights (FP32)" : "weights (16-bit)";
    }

    private static String gradientName(States st) {
        return switch (st.gradientBytes()) {
            case 4 -> "gradients (FP32)";
            default -> "gradients (16-bit)";
        };
    }

    private static String optimizerName(Optimizer optimizer) {
        return switch (optimizer) {
            case SGD -> "optimizer states (SGD: none)";
            case MOMENTUM -> "optimizer states (momentum)";
            case ADAMW -> "optimizer states (Adam m, v)";
            case ADAFACTOR -> "optimizer states (Adafactor factored second moment)";
            case ADAM_8BIT -> "optimizer states (8-bit Adam m, v + block scales)";
        };
    }

    private static String optimizerSource(Optimizer optimizer) {
        return switch (optimizer) {
            case SGD -> "plain SGD keeps no state";
            case MOMENTUM -> "one momentum buffer per parameter (FP32, BF16 when pure-BF16)";
            case ADAMW -> "two moments per parameter (FP32, BF16 when pure-BF16); ZeRO paper K = 12 with the master copy";
            case ADAFACTOR -> "Shazeer & Stern 2018 (arXiv 1804.04235): 4 bytes per row and column of each matrix";
            case ADAM_8BIT -> "Dettmers et al. 2021 (arXiv 2110.02861): int8 m and v, FP32 absmax per 2048-value block";
        };
    }

    private static int rank(FineTuning fineTuning) {
        return switch (fineTuning) {
            case FineTuning.Full full -> 1;
            case FineTuning.Lora lora -> lora.rank();
            case FineTuning.Qlora qlora -> qlora.rank();
        };
    }

    /** Adapter parameters of one layer: rank × (in + out) of each targeted projection. */
    private static long adapterParams(Shape shape, FineTuning fineTuning) {
        FineTuning.LoraTargets targets = switch (fineTuning) {
            case FineTuning.Full full -> null;
            case FineTuning.Lora lora -> lora.targets();
            case FineTuning.Qlora qlora -> qlora.targets();
        };
        if (targets == null) {
            return 0;
        }
        long h = shape.hidden;
        long widths = (h + shape.queryWidth) + (h + shape.valueWidth);
        if (targets != FineTuning.LoraTargets.QUERY_VALUE) {
            widths += (h + shape.keyWidth) + (shape.outputWidth + h);
        }
        if (targets == FineTuning.LoraTargets.ALL_LINEAR) {
            widths += (shape.gated ? 3 : 2) * (h + shape.ffn);
        }
        return rank(fineTuning) * widths;
    }

    /** Collects the items of each stage in order. */
    private static final class Recorder implements Sink {
        private final List<StageMemory> stages = new ArrayList<>();
        private List<MemoryItem> items;
        private int stage;
        private int firstLayer;
        private int layers;
        private double inFlight;

        @Override
        public void stage(int index, int first, int count, double microBatchesInFlight) {
            flush();
            stage = index;
            firstLayer = first;
            layers = count;
            inFlight = microBatchesInFlight;
            items = new ArrayList<>();
        }

        @Override
        public void item(ItemKind kind, String name, String source, long bytes) {
            items.add(new MemoryItem(name, bytes, kind, source));
        }

        private void flush() {
            if (items != null) {
                stages.add(new StageMemory(stage, firstLayer, layers, inFlight, items));
            }
        }

        List<StageMemory> stages() {
            flush();
            items = null;
            return stages;
        }
    }
}
