package dev.trainplan.engine.job;

/**
 * Model-parallel sizes: tensor (tp), pipeline (pp), context (cp), expert (ep), virtual pipeline chunks
 * per stage (vp, interleaved 1F1B), Megatron sequence parallelism on the TP group, and the expert layers'
 * own tensor-parallel size ({@code expertTp}; 0 for Megatron's default). Data parallelism is what is left:
 * {@code world / (tp × pp × cp)}. Experts are laid out as Megatron does:
 * {@code expert DP = world / (expert tp × ep × pp)}.
 */
public record Parallelism(int tp, int pp, int cp, int ep, int vp, boolean sequenceParallel, int expertTp) {
    public static final int MAX_SIZE = 1 << 16;
    public static final Parallelism NONE = new Parallelism(1, 1, 1, 1, 1, false);

    public Parallelism {
        Require.positive("tp", tp, MAX_SIZE);
        Require.positive("pp", pp, MAX_SIZE);
        Require.positive("cp", cp, MAX_SIZE);
        Require.positive("ep", ep, MAX_SIZE);
        Require.positive("vp", vp, MAX_SIZE);
        if (expertTp != 0) {
            Require.positive("expert tp", expertTp, MAX_SIZE);
        }
        if (vp > 1 && pp == 1) {
            throw new IllegalArgumentException("vp " + vp + " (interleaved pipeline) needs pp above 1, but pp is 1; set vp to 1 or pp to at least 2.");
        }
    }

    /** Sizes with the expert layers' tensor parallelism left to Megatron's default. */
    public Parallelism(int tp, int pp, int cp, int ep, int vp, boolean sequenceParallel) {
        this(tp, pp, cp, ep, vp, sequenceParallel, 0);
    }

    public static Parallelism of(int tp, int pp, int cp) {
        return new Parallelism(tp, pp, cp, 1, 1, false);
    }

    public long modelParallel() {
        return (long) tp * pp * cp;
    }

    /** Sequence parallelism only exists on a TP group larger than one (Megatron turns it off otherwise). */
    public boolean sequenceParallelActive() {
        return sequenceParallel && tp > 1;
    }

    /** Ranks that see different data; rejects a world the model-parallel sizes do not divide. */
    public int dataParallel(int worldSize) {
        long model = modelParallel();
        if (worldSize % model != 0) {
            throw new IllegalArgumentException("world size " + worldSize + " is not divisible by tp " + tp + " × pp " + pp
                    + " × cp " + cp + " = " + model + "; choose sizes whose product divides the world size.");
        }
        return (int) (worldSize / model);
    }

    /**
     * Tensor-parallel size of the expert layers: the one given, else Megatron's default, tp; recipes whose ep
     * is larger than world / (tp × pp) set {@code --expert-tensor-parallel-size 1}, the only layout that fits then.
     */
    public int expertTensorParallel(int worldSize) {
        if (expertTp != 0) {
            if (worldSize % ((long) expertTp * ep * pp) != 0) {
                throw new IllegalArgumentException("world size " + worldSize + " is not divisible by expert tp " + expertTp + " × ep " + ep
                        + " × pp " + pp + " = " + (long) expertTp * ep * pp + "; choose an expert tp and ep whose product divides world size / pp.");
            }
            return expertTp;
        }
        if (worldSize % ((long) tp * ep * pp) == 0) {
            return tp;
        }
        if (worldSize % ((long) ep * pp) == 0) {
            return 1;
        }
        throw new IllegalArgumentException("world size " + worldSize + " is not divisible by ep " + ep + " × pp " + pp + " = "
                + (long) ep * pp + "; choose an ep that divides world size / pp.");
    }

    /** Data-parallel size of the expert layers: world / (expert tp × ep × pp). */
    public int expertDataParallel(int worldSize) {
        return (int) (worldSize / ((long) expertTensorParallel(worldSize) * ep * pp));
    }

    public Parallelism withTp(int newTp) {
        return new Parallelism(newTp, pp, cp, ep, vp, sequenceParallel, expertTp);
    }

    public Parallelism withPp(int newPp) {
        return new Parallelism(tp, newPp, cp, ep, vp, sequenceParallel, expertTp);
    }

    public Parallelism withVp(int newVp) {
        return new Parallelism(tp, pp, cp, ep, newVp, sequenceParallel, expertTp);
    }
}
