package dev.trainplan.engine.job;

/**
 * How a framework assigns transformer layers to pipeline stages, including when pp × vp does not divide them.
 * The memory model and the step-time model both take a stage's layers from here, so the stage that holds the
 * most memory and the stage that sets the pace are the same stages of the same split.
 */
public enum PipelineSplit {
    /** Layers / pp on every stage, the first {@code layers % pp} stages one more (Megatron-style even split). */
    EVEN_FIRST_HEAVIER,
    /**
     * torchtitan's generated split points: every one of the pp × vp chunks gets {@code layers / (pp × vp)} layers and the
     * last chunk the remainder, so the last stage carries it (and the output layer).
     */
    REMAINDER_LAST,
    /**
     * nanotron: blocks go to a rank until the running cost passes its 1/pp share of the total, the output layer counting
     * {@code vocab × hidden}; every rank with layers left gets at least one.
     */
    COST_GREEDY;

    /** The split each framework uses. */
    public static PipelineSplit of(Framework framework) {
        return switch (framework) {
            case TORCHTITAN -> REMAINDER_LAST;
            case NANOTRON -> COST_GREEDY;
            default -> EVEN_FIRST_HEAVIER;
        };
    }

    /**
     * Layers of {@code stage}, whose first layer is {@code start} (the layers of the stages before it).
     *
     * @param layerCost what one layer weighs in the greedy split (its GEMM parameters)
     * @param headCost what the output layer weighs in it ({@code vocab × hidden})
     */
    public int layersOnStage(int stage, int start, int layers, int pp, int vp, double layerCost, double headCost) {
        if (pp == 1) {
            return layers;
        }
        return switch (this) {
            case COST_GREEDY -> {
                if (start >= layers) {
                    yield 0;
                }
                double threshold = (layers * layerCost + headCost) * (stage + 1) / pp;
                int count = 1;
                while (start + count < layers && (start + count) * layerCost <= threshold) {
                    count++;
                }
                yield count;
            }
            case REMAINDER_LAST -> {
                if (layers < pp * vp) {
                    yield EVEN_FIRST_HEAVIER.layersOnStage(stage, start, layers, pp, vp, layerCost, headCost);
                }
                int interval = layers / (pp * vp);
                yield interval * vp + (stage == pp - 1 ? layers - interval * pp * vp : 0);
            }
            case EVEN_FIRST_HEAVIER -> layers / pp + (stage < layers % pp ? 1 : 0);
        };
    }
}
