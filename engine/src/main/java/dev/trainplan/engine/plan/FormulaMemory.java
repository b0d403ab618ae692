package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.ParameterCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A stand-in for issue 4's memory model, from the textbook formulas of reference/formulas.md: model
 * states per stage with ZeRO sharding (§4.1, §4.2), Korthikanti's per-layer activations with
 * FlashAttention (§3.1, §3.2), 1F1B micro-batches in flight and the interleaving factor (§3.4), full
 * recompute's one live layer (§3.5), logits on the last stage (§3.3), and a fixed CUDA and NCCL context
 * (§4.5). It looks at the first and the last stage, where the peak is. Replaced by the memory model's
 * fast path when it lands; nothing else in the planner depends on which one is used.
 */
public final class FormulaMemory implements DeviceMemory {
    /** CUDA context with kernels (0.5–0.9 GiB) and NCCL's buffers after the first collectives (1–2 GiB), formulas.md §4.5. */
    static final long CONTEXT_BYTES = 2L << 30;
    /** Per token and hidden unit, replicated on every TP rank without SP: two norm inputs 4, QKV and fc1 inputs 2 + 2, two dropout masks 2. */
    static final double REPLICATED_PER_HIDDEN = 10;
    /** Bytes per element of a layer input kept by full recompute. */
    static final double LAYER_INPUT = 2;
    /** Logits in 16 bits and again in FP32 for the loss (ml-engineering), per token and vocabulary entry. */
    static final double LOGIT_BYTES = 6;

    private final Architecture model;
    private final ParameterCount params;
    private final int sequenceLength;
    private final double weightBytes;
    private final double gradientBytes;
    private final double optimizerBytes;
    /** Activation bytes per token of one layer split over tp (Q, K, V, out-projection input, MLP), per hidden unit. */
    private final double splitPerHidden;

    public FormulaMemory(Architecture model, Framework framework, Precision precision, Optimizer optimizer, int sequenceLength) {
        this.model = model;
        this.params = model.parameterCount();
        this.sequenceLength = sequenceLength;
        boolean fp32 = precision == Precision.FP32;
        this.weightBytes = fp32 ? 4 : 2;
        this.gradientBytes = fp32 || framework == Framework.MEGATRON || framework == Framework.TORCHTITAN ? 4 : 2;
        double master = fp32 ? 0 : 4;
        this.optimizerBytes = master + switch (optimizer) {
            case SGD -> 0;
            case MOMENTUM -> 4;
            case ADAFACTOR -> 0;
            case ADAM_8BIT -> 2;
            case ADAMW -> 8;
        };
        double h = model.hidden();
        double query = model.queryWidth();
        double kv = (double) model.kvHeads() * model.headDim();
        double mlp = model.moeLayers() > 0 ? model.moe().topK() * (double) model.moe().expertFfnHidden() : model.ffnHidden();
        double mlpPerWidth = model.gated() ? 6 : 4;
        this.splitPerHidden = (2 * (query + kv) + 2 * kv + 2 * query + mlpPerWidth * mlp) / h;
    }

    @Override
    public LayoutMemory layout(Layout l) {
        Stages s = new Stages(l);
        return (vp, microBatch, accumulation, recompute, sharding) ->
                Math.max(s.first(vp, microBatch, accumulation, recompute, sharding), s.last(microBatch, recompute, sharding));
    }

    @Override
    public MemoryReport report(Configuration c) {
        Stages s = new Stages(new Layout(c.devices(), c.globalBatch(), c.tp(), c.pp(), c.cp(), c.ep(), c.dp(), c.sequenceParallel()));
        long first = s.first(c.vp(), c.microBatch(), c.accumulation(), c.recompute(), c.sharding());
        long last = s.last(c.microBatch(), c.recompute(), c.sharding());
        boolean lastWorse = last > first;
        List<MemoryReport.Part> parts = new ArrayList<>();
        parts.add(new MemoryReport.Part("model states (weights, gradients, optimizer)", (long) s.states(lastWorse ? s.lastParams : s.firstParams, c.sharding())));
        parts.add(new MemoryReport.Part("activations", (long) (lastWorse
                ? s.lastActivations(c.microBatch(), c.recompute()) + s.logits(c.microBatch())
                : s.inFlightActivations(c.vp(), c.microBatch(), c.accumulation(), c.recompute()))));
        parts.add(new MemoryReport.Part("CUDA context and NCCL buffers", CONTEXT_BYTES));
        parts.sort(Comparator.comparingLong(MemoryReport.Part::bytes).reversed());
        return new MemoryReport(Math.max(first, last), lastWorse ? c.pp() - 1 : 0, parts);
    }

    /** What one layout's first and last stage hold, prepared once. */
    private final class Stages {
        final Layout layout;
        final double layersPerStage;
        final double firstParams;
        final double lastParams;
        final double expertParamsPerStage;
        /** Gathered parameters of the current and the prefetched layer under ZeRO-3. */
        final double gatheredBytes;
        /** Tokens of one sample on one device, times the hidden size. */
        final double hiddenPerSample;

        Stages(Layout l) {
            this.layout = l;
            this.layersPerStage = (double) model.layers() / l.pp();
            double denseHere = Math.min(model.denseLayers(), layersPerStage);
            double moeHere = layersPerStage - denseHere;
            double layers = (denseHere * params.denseLayer() + moeHere * params.moeLayerNonExpert()) / l.tp();
            this.expertParamsPerStage = moeHere * params.experts() * (double) params.expertParameters() / ((double) l.tp() * l.ep());
            double embedding = (params.embedding() + params.positions()) / (double) l.tp();
            double head = (params.head() > 0 ? params.head() : l.pp() > 1 ? params.embedding() : 0) / (double) l.tp();
            this.firstParams = layers + embedding + (l.pp() == 1 ? head + params.finalNorm() : 0);
            this.lastParams = l.pp() == 1 ? firstParams : layers + head + params.finalNorm();
            long largestLayer = Math.max(params.denseLayer(), params.moeLayerNonExpert());
            this.gatheredBytes = 2 * weightBytes * largestLayer / (double) l.tp();
            this.hiddenPerSample = (double) sequenceLength / l.cp() * model.hidden();
        }

        double states(double nonExpert, Sharding sharding) {
            int dp = layout.dp();
            // Expert parameters are replicated over fewer ranks; dividing them by dp as well keeps this stand-in simple.
            double p = nonExpert + expertParamsPerStage;
            double weights = weightBytes * p / (sharding == Sharding.ZERO3 ? dp : 1);
            double gradients = gradientBytes * p / (sharding == Sharding.ZERO2 || sharding == Sharding.ZERO3 ? dp : 1);
            double optimizer = optimizerBytes * p / (sharding == Sharding.NONE ? 1 : dp);
            return weights + gradients + optimizer + (sharding == Sharding.ZERO3 ? gatheredBytes : 0);
        }

        /** One layer's activations for {@code microBatches} micro-batches of {@code b} samples. */
        double activations(double microBatches, Recompute recompute, int b) {
            int tp = layout.tp();
            double split = layout.sequenceParallel() ? tp : 1;
            double perSample = recompute == Recompute.FULL
                    ? hiddenPerSample * LAYER_INPUT / split
                    : hiddenPerSample * (REPLICATED_PER_HIDDEN / split + splitPerHidden / tp);
            return microBatches * b * perSample;
        }

        /** The first stage: min(m, pp) micro-batches in flight over its layers (more with interleaving), and one live layer under full recompute. */
        double inFlightActivations(int vp, int b, int m, Recompute recompute) {
            double inFlight = Math.min(m, layout.pp());
            double interleave = vp > 1 ? 1 + (layout.pp() - 1) / ((double) layout.pp() * vp) : 1;
            double kept = activations(inFlight * interleave, recompute, b) * layersPerStage;
            return kept + (recompute == Recompute.FULL ? activations(1, Recompute.NONE, b) : 0);
        }

        double logits(int b) {
            return LOGIT_BYTES * b * (double) sequenceLength / layout.cp() * model.vocab() / layout.tp();
        }

        long first(int vp, int b, int m, Recompute recompute, Sharding sharding) {
            double logits = layout.pp() == 1 ? logits(b) : 0;
            return (long) (states(firstParams, sharding) + inFlightActivations(vp, b, m, recompute) + logits) + CONTEXT_BYTES;
        }

        /** The last stage holds one micro-batch in flight, and the logits. */
        long last(int b, Recompute recompute, Sharding sharding) {
            if (layout.pp() == 1) {
                return 0;
            }
            return (long) (states(lastParams, sharding) + lastActivations(b, recompute) + logits(b)) + CONTEXT_BYTES;
        }

        double lastActivations(int b, Recompute recompute) {
            return activations(1, recompute, b) * layersPerStage + (recompute == Recompute.FULL ? activations(1, Recompute.NONE, b) : 0);
        }
    }
}
