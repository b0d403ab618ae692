package dev.trainplan.engine.plan;

import dev.trainplan.engine.job.Dataset;
import dev.trainplan.engine.job.TrainingLength;
import dev.trainplan.engine.time.Breakdown;
import dev.trainplan.engine.time.StepTimeModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What separates two configurations: the settings that differ, each part of the step time side by side
 * with the settings that drive it (largest difference first), and the memory of each.
 *
 * @param chosen the configuration the explanation is about (the plan's best)
 * @param other the one it is compared with (the runner-up, a published configuration)
 */
public record Comparison(Candidate chosen, Candidate other, List<String> settings, List<Part> parts, MemoryReport chosenMemory,
                         MemoryReport otherMemory) {
    public Comparison {
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(other, "other");
        settings = List.copyOf(settings);
        parts = List.copyOf(parts);
    }

    /** One part of the step time in both configurations. */
    public record Part(String name, double chosenSeconds, double otherSeconds, String drivenBy) {
        public double differenceSeconds() {
            return otherSeconds - chosenSeconds;
        }
    }

    public static Comparison of(PlanRequest request, DeviceMemory memory, Candidate chosen, Candidate other) {
        Breakdown a = breakdown(request, chosen.configuration());
        Breakdown b = breakdown(request, other.configuration());
        List<Part> parts = new ArrayList<>(List.of(
                new Part("compute", a.computeSeconds(), b.computeSeconds(), "recompute, micro-batch and tp (GEMM shapes)"),
                new Part("tensor-parallel communication", a.tensorParallelSeconds(), b.tensorParallelSeconds(),
                        "tp, sequence parallelism and full recompute"),
                new Part("context-parallel communication", a.contextParallelSeconds(), b.contextParallelSeconds(), "cp"),
                new Part("expert-parallel communication", a.expertParallelSeconds(), b.expertParallelSeconds(), "ep"),
                new Part("pipeline sends", a.pipelineSeconds(), b.pipelineSeconds(), "pp and vp"),
                new Part("data-parallel communication", a.dataParallelSeconds(), b.dataParallelSeconds(), "dp and sharding"),
                new Part("pipeline bubble", a.bubbleSeconds(), b.bubbleSeconds(), "pp, vp and the micro-batches per step"),
                new Part("optimizer update", a.optimizerSeconds(), b.optimizerSeconds(), "sharding"),
                new Part("launch and step overheads", a.overheadSeconds(), b.overheadSeconds(), "the micro-batches per step")));
        parts.sort(Comparator.comparingDouble((Part p) -> Math.abs(p.differenceSeconds())).reversed());
        return new Comparison(chosen, other, chosen.configuration().differences(other.configuration()), parts,
                memory.report(chosen.configuration()), memory.report(other.configuration()));
    }

    private static Breakdown breakdown(PlanRequest r, Configuration c) {
        return StepTimeModel.estimate(r.model(), c.toJob(r.framework(), Dataset.of(c.globalBatch(), r.sequenceLength()),
                TrainingLength.epochs(1), r.precision(), r.optimizer(), r.hardware().devicesPerNode()), r.hardware(), r.network(),
                r.efficiency(), r.overheads(), r.attention()).breakdown();
    }
}
