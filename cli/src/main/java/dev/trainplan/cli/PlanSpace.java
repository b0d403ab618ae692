package dev.trainplan.cli;

import dev.trainplan.engine.job.BatchSpec;
import dev.trainplan.engine.job.Cluster;
import dev.trainplan.engine.job.Named;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import dev.trainplan.engine.plan.SearchSpace;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** The search space of {@code trainplan plan}: device counts, global batches, and the values each dimension may take. */
public final class PlanSpace {
    @Option(names = {"--gpus", "--devices"}, paramLabel = "N|LIST|RANGE", required = true,
            description = "Devices to use: 2240, a list 256,512, a range 256..4096 (whole nodes) or 256..4096:256, or ..4096 (up to).")
    String gpus;

    @Option(names = {"--global-batch", "--global-batch-size"}, paramLabel = "N|LIST|RANGE", required = true,
            description = "Samples per optimizer step: 1920, a list, or a range such as 512..2048:256 or ..1920.")
    String globalBatch;

    @Option(names = {"--gpus-per-node", "--nproc-per-node"}, paramLabel = "N", description = "Devices per node (default: the accelerator's usual node).")
    Integer devicesPerNode;

    @Option(names = "--tp", paramLabel = "LIST", description = "Tensor-parallel sizes to try (default: every divisor of the devices up to the heads).")
    String tp;

    @Option(names = "--pp", paramLabel = "LIST", description = "Pipeline-parallel sizes to try (default: every divisor up to the layers).")
    String pp;

    @Option(names = "--cp", paramLabel = "LIST", description = "Context-parallel sizes to try (default: every divisor up to a node).")
    String cp;

    @Option(names = "--ep", paramLabel = "LIST", description = "Expert-parallel sizes to try, MoE only (default: every divisor of the experts).")
    String ep;

    @Option(names = "--vp", paramLabel = "LIST", description = "Interleaved chunks per stage to try (default: every divisor of the layers per stage).")
    String vp;

    @Option(names = {"--micro-batch", "--micro-batch-size"}, paramLabel = "LIST", description = "Micro-batches to try (default: every divisor of the global batch).")
    String microBatch;

    @Option(names = "--recompute", paramLabel = "LIST", description = "Recompute modes to try: none, selective, full. Default: all.")
    String recompute;

    @Option(names = "--recompute-every-layer", description = "Full recompute means every layer; by default, where it fits, only the"
            + " fewest layers per pipeline chunk that fit are recomputed (Megatron --recompute-method block --recompute-num-layers N).")
    boolean recomputeEveryLayer;

    @Option(names = {"--sharding", "--zero-stage"}, paramLabel = "LIST", description = "Sharding to try: none, zero1, zero2, zero3. Default: all.")
    String sharding;

    @Option(names = "--sequence-parallel", paramLabel = "on|off|both", description = "Sequence parallelism to try. Default: ${DEFAULT-VALUE}.", defaultValue = "both")
    String sequenceParallel;

    @Option(names = "--tp-across-nodes", description = "Also try tensor parallelism across nodes (rejected by default).")
    boolean tpAcrossNodes;

    SearchSpace searchSpace(int perNode) {
        SearchSpace s = SearchSpace.of(Ranges.parseInts("--gpus", gpus, perNode, Cluster.MAX_WORLD),
                Ranges.parse("--global-batch", globalBatch, 1, BatchSpec.MAX_GLOBAL_BATCH));
        s = tp == null ? s : s.withTp(sizes("--tp", tp));
        s = pp == null ? s : s.withPp(sizes("--pp", pp));
        s = cp == null ? s : s.withCp(sizes("--cp", cp));
        s = ep == null ? s : s.withEp(sizes("--ep", ep));
        s = vp == null ? s : s.withVp(sizes("--vp", vp));
        s = microBatch == null ? s : s.withMicroBatch(Ranges.parseInts("--micro-batch", microBatch, 1, BatchSpec.MAX_MICRO_BATCH));
        s = recompute == null ? s : s.withRecomputes(choices(recompute, Recompute.class, Recompute::parse));
        s = sharding == null ? s : s.withShardings(choices(sharding, Sharding.class, Sharding::parse));
        return s.withSequenceParallel(sequenceParallel()).withTpAcrossNodes(tpAcrossNodes).withPartialRecompute(!recomputeEveryLayer);
    }

    private static List<Integer> sizes(String option, String text) {
        return Ranges.parseInts(option, text, 1, Parallelism.MAX_SIZE);
    }

    private static <E extends Enum<E> & Named> Set<E> choices(String text, Class<E> type, Function<String, E> parse) {
        EnumSet<E> set = EnumSet.noneOf(type);
        Arrays.stream(text.split(",")).map(String::trim).map(parse).forEach(set::add);
        return set;
    }

    private Set<Boolean> sequenceParallel() {
        return switch (sequenceParallel.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "yes" -> Set.of(true);
            case "off", "false", "no" -> Set.of(false);
            case "both" -> Set.of(false, true);
            default -> throw new UserInputException("--sequence-parallel '" + sequenceParallel + "' is not on, off or both.");
        };
    }
}
