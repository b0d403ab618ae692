package dev.trainplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.Optimizer;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.plan.Assessment;
import dev.trainplan.engine.plan.Candidate;
import dev.trainplan.engine.plan.Configuration;
import dev.trainplan.engine.plan.Goal;
import dev.trainplan.engine.plan.ModelMemory;
import dev.trainplan.engine.plan.Plan;
import dev.trainplan.engine.plan.PlanRequest;
import dev.trainplan.engine.plan.Planner;
import dev.trainplan.engine.plan.RunLength;
import dev.trainplan.engine.plan.SearchSpace;
import dev.trainplan.engine.time.Calibration;
import dev.trainplan.formats.CalibrationFile;
import dev.trainplan.formats.HardwareCatalog;
import dev.trainplan.formats.ValidationMemory;
import dev.trainplan.formats.ValidationRun;
import dev.trainplan.formats.ValidationRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner against the configurations the papers published: the 8 of Korthikanti et al. 2022 Table 5
 * (4 models, full recompute and sequence parallelism + selective recompute) and Narayanan et al. 2021
 * Table 1, at their device counts and global batches. By trainplan's own model, the plan is never slower
 * than the published configuration, and {@code plan --explain --compare} says what separates them.
 */
class PublishedConfigurationsTest {
    /** A published configuration: the row of runs.csv, with the recompute and sequence parallelism of Table 5 where the row is its sibling. */
    record Published(String name, ValidationRun run, Recompute recompute, boolean sequenceParallel) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Published> published() throws IOException {
        Path csv = Path.of("../../shared/validation/runs.csv");
        Assumptions.assumeTrue(Files.exists(csv), "shared/ is beside the checkout");
        List<ValidationRun> runs = ValidationRuns.read(Files.newBufferedReader(csv), "runs.csv");
        List<Published> out = new ArrayList<>();
        for (ValidationRun r : runs) {
            if (r.id().startsWith("korth-") || r.id().startsWith("msc21-t1-")) {
                out.add(new Published(r.id(), r, r.recompute(), r.parallelism().sequenceParallel()));
            }
        }
        // Table 5's other three: the same layouts as their siblings in the file, the other recompute column.
        out.add(sibling(runs, "korth-22b-spsel", "korth-22b-full", Recompute.FULL, false));
        out.add(sibling(runs, "korth-530b-spsel", "korth-530b-full", Recompute.FULL, false));
        out.add(sibling(runs, "korth-1t-full", "korth-1t-spsel", Recompute.SELECTIVE, true));
        assertThat(out.stream().filter(p -> p.name().startsWith("korth-"))).hasSize(8);
        assertThat(out.stream().filter(p -> p.name().startsWith("msc21-t1-"))).hasSizeGreaterThanOrEqualTo(6);
        return out.stream();
    }

    private static Published sibling(List<ValidationRun> runs, String id, String name, Recompute recompute, boolean sp) {
        return new Published(name, runs.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(), recompute, sp);
    }

    static Configuration configuration(Published p) {
        ValidationRun r = p.run();
        Parallelism par = r.parallelism();
        int dp = r.dataParallel();
        long global = r.globalBatch();
        return new Configuration(r.devices(), global, par.tp(), par.pp(), par.cp(), par.ep(), par.vp(), dp, r.microBatch(),
                (int) (global / r.microBatch() / dp), p.recompute(), r.sharding(), p.sequenceParallel());
    }

    static PlanRequest request(ValidationRun r) {
        ClusterHardware hw = ClusterHardware.of(HardwareCatalog.builtIn().accelerator(r.accelerator())).withDevicesPerNode(r.devicesPerNode());
        Calibration c = CalibrationFile.builtIn();
        return new PlanRequest(r.model(), hw, c.collectives(hw), c.efficiency(r.accelerator()), c.overheads(r.framework()), r.precision(),
                r.framework(), Optimizer.ADAMW, r.sequenceLength(), SearchSpace.of(List.of(r.devices()), List.of(r.globalBatch())),
                Goal.fastest(Estimate.capacityBytes(hw), RunLength.UNKNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void plan_isAtLeastAsFastAsThePublishedConfiguration(Published p) {
        PlanRequest request = request(p.run());
        ModelMemory memory = ModelMemory.of(request, ValidationMemory.settings(p.run()));
        Plan plan = Planner.search(request, memory);
        Assessment published = Assessment.of(request, memory, configuration(p));
        assertThat(published.rejection()).as("the published configuration breaks no rule and fits by trainplan's memory model").isEmpty();
        Candidate best = plan.best().orElseThrow();
        assertThat(best.configuration().devices()).isEqualTo(p.run().devices());
        assertThat(best.stepSeconds()).isLessThanOrEqualTo(published.candidate().stepSeconds());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void planExplain_saysWhatSeparatesThePlanFromThePublishedConfiguration(Published p) {
        Configuration c = configuration(p);
        ValidationRun r = p.run();
        CliRun run = CliRun.of("plan", "--model", modelId(r), "--gpu", r.accelerator(), "--gpus", String.valueOf(r.devices()), "--gpus-per-node",
                String.valueOf(r.devicesPerNode()), "--global-batch", String.valueOf(r.globalBatch()), "--seq-len", String.valueOf(r.sequenceLength()),
                "--precision", r.precision().id(), "--explain", "--compare", "tp=" + c.tp() + ",pp=" + c.pp() + ",vp=" + c.vp() + ",micro-batch="
                        + c.microBatch() + ",recompute=" + c.recompute().id() + ",sharding=" + c.sharding().id() + ",sp=" + (c.sequenceParallel() ? "on" : "off"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Compared with: " + c.label(), "it fits", "The best against --compare, part by part:");
        // Either the plan is the published configuration, or the report names the settings and the parts of the step that differ.
        assertThat(run.out()).containsAnyOf("The compared configuration differs in", "The compared configuration has the same settings");
    }

    /** The catalog id of the row's model: the Megatron papers' GPT models are in the catalog by size. */
    private static String modelId(ValidationRun r) {
        return switch (r.model().layers() + "x" + r.model().hidden()) {
            case "24x2304" -> "megatron-1.7b";
            case "30x3072" -> "megatron-3.6b";
            case "36x4096" -> "megatron-7.5b";
            case "40x6144" -> "megatron-18b";
            case "48x6144" -> "megatron-22b";
            case "48x8192" -> "megatron-39b";
            case "60x10240" -> "megatron-76b";
            case "80x12288" -> "megatron-145b";
            case "96x12288" -> "megatron-175b";
            case "96x16384" -> "megatron-310b";
            case "105x20480" -> "mt-nlg-530b";
            case "128x25600" -> "megatron-1t";
            default -> throw new IllegalArgumentException("no catalog model for " + r.model().name());
        };
    }
}
