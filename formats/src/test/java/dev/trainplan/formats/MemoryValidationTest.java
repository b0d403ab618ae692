package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.memory.MemoryEstimate;
import dev.trainplan.engine.memory.MemoryModel;
import dev.trainplan.engine.memory.MemoryVerdict;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every run of {@code validation/runs.csv} that published its peak memory, against the memory model.
 * Each row is compared with the counter its notes say was measured: {@code max_memory_allocated}
 * (SimuMax) or torchtitan's logged peak, which is {@code max_memory_reserved}.
 */
class MemoryValidationTest {
    private static final Path RUNS = Path.of("../../shared/validation/runs.csv");
    private static final double GIB = 1L << 30;
    /** Published HBM capacity of the accelerators with memory rows (reference/hardware.csv), read as GiB (hardware-notes §3). */
    private static final Map<String, Double> CAPACITY_GIB = Map.of("h100-sxm", 80.0, "h200-sxm", 141.0, "b200", 180.0, "mi300x", 192.0);
    private static final Map<String, Double> CAPACITY = CAPACITY_GIB;

    private record Result(ValidationRun run, double measuredGib, double allocatedGib, double reservedGib, ValidationMemory.Counter counter,
                          MemoryVerdict verdict) {
        /** The prediction of the measured counter; for EITHER, the nearer end of [allocated, reserved]. */
        double predictedGib() {
            return switch (counter) {
                case ALLOCATED -> allocatedGib;
                case RESERVED -> reservedGib;
                case EITHER -> Math.clamp(measuredGib, allocatedGib, reservedGib);
            };
        }

        double errorPercent() {
            return 100 * (predictedGib() - measuredGib) / measuredGib;
        }
    }

    private static List<Result> results() throws IOException {
        assumeTrue(Files.exists(RUNS), "shared/validation/runs.csv is not beside the repository");
        List<ValidationRun> runs;
        try (Reader in = Files.newBufferedReader(RUNS)) {
            runs = ValidationRuns.read(in, "runs.csv");
        }
        List<Result> results = new ArrayList<>();
        for (ValidationRun run : runs) {
            if (!run.hasMemory()) {
                continue;
            }
            // An unknown recompute is taken as the framework's default, none (every memory row gives its micro-batch).
            Job job = run.job(run.microStepBatch(), run.recompute() == null ? Recompute.NONE : run.recompute());
            MemoryEstimate estimate = MemoryModel.estimate(run.model(), job, ValidationMemory.settings(run));
            results.add(new Result(run, run.measuredMemoryGib(), estimate.allocatedPeakBytes() / GIB,
                    estimate.reservedPeakBytes() / GIB, ValidationMemory.counter(run), MemoryVerdict.of(estimate, capacityBytes(run))));
        }
        return results;
    }

    /** The device's capacity: the catalog part's, unless the notes state the HBM of the part that actually ran. */
    private static long capacityBytes(ValidationRun run) {
        return (long) ValidationMemory.statedCapacityBytes(run).orElse(CAPACITY.get(run.accelerator()) * GIB);
    }

    private static final String MOE_REASON = "torchtitan's 2-layer Llama-4 debug model: 38 GiB above the prediction, of which the compiled "
            + "loss over 65k tokens × 202k vocabulary is already 49 GiB at 4 B/logit; torchtitan's MoE path (token gather, FP32 score "
            + "multiply, all-to-all dispatch/combine, padded permutation, scatter_add, compiled with graph breaks) is not itemised and "
            + "the routing imbalance over the 4 EP ranks (the figure is the max over ranks) is not published";
    private static final String B200_REASON = "measured 5.4 GiB below the MI300X rows of the same table (matched within 2%) and 3.2-3.3 GiB "
            + "below even the predicted allocated peak; not precision (the four B200 recipes, bf16 to mxfp8 and float8 all-gather, "
            + "measure within 0.5 GiB) nor CUDA against ROCm (the CUDA H200 row B0481 matches); the notes show the runs differ in torchtitan "
            + "commit (6fc499f vs 2c8b594) and GPU stack (cu128 vs rocm6.4), which no column expresses";
    private static final String TITAN_405B_REASON = "torchtitan 405B 3D/4D: the pipeline micro-batch split is not published; rows alike in "
            + "every column measured 72.7 (B0463) and 82.5 (B0462), 77.1 (B0466) and 84.9 (B0467, same tokens per micro-batch and FSDP "
            + "group), so no single prediction fits all four";
    /** Rows the model cannot bring within 10%, each with the reason; the test fails if one of them starts to pass. */
    private static final Map<String, String> NOT_MET = Map.ofEntries(
            Map.entry("torchao-B0989", MOE_REASON), Map.entry("torchao-B0990", MOE_REASON), Map.entry("torchao-B0992", MOE_REASON),
            Map.entry("torchao-B0984", B200_REASON), Map.entry("torchao-B0985", B200_REASON), Map.entry("torchao-B0987", B200_REASON),
            Map.entry("torchao-B0988", B200_REASON),
            Map.entry("torchtitan-B0462", TITAN_405B_REASON), Map.entry("torchtitan-B0467", TITAN_405B_REASON),
            Map.entry("nanotron-B0504", "80B at tp 16 across two nodes: saving the all-gathered GEMM inputs, which the tp 4-8 rows at "
                    + "micro-batch 8 and pp 16-32 need, overshoots here by 18.7 GiB (without it: 0.0%); nanotron's tp_recompute_allgather "
                    + "setting for this cell is not published"),
            Map.entry("nanotron-B0516", "80B at tp 4 pp 16, dp 1: nanotron's build_model keeps the block that crosses a cost threshold "
                    + "on the current rank, 6 layers on stage 0, as B0508 (same layout at dp 4, ZeRO-1) needs to match; B0516 holds "
                    + "14.5 GiB more master and Adam state (11.3 net of B0508's DDP buckets) yet measured 1.1 GiB less"));

    @Test
    void measuredMemoryRows_predictedPeak_withinTenPercentAndFits() throws IOException {
        List<Result> results = results();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-58s %9s %10s %10s %8s %5s%n", "id", "counter", "measured", "predicted", "error%", "fits"));
        double sum = 0;
        for (Result r : results) {
            sum += Math.abs(r.errorPercent());
            table.append(String.format(Locale.ROOT, "%-58s %9s %10.2f %10.2f %+8.1f %5s%n", r.run().id(), r.counter().name().toLowerCase(Locale.ROOT),
                    r.measuredGib(), r.predictedGib(), r.errorPercent(), r.verdict().fits()));
        }
        table.append(String.format(Locale.ROOT, "rows %d, mean absolute error %.1f%%, within 10%%: %d%n", results.size(), sum / results.size(),
                results.stream().filter(r -> Math.abs(r.errorPercent()) <= 10).count()));
        NOT_MET.forEach((id, reason) -> table.append("not met: ").append(id).append(": ").append(reason).append('\n'));
        System.out.print(table);
        assertThat(results).hasSize(68);
        List<String> outside = results.stream().filter(r -> Math.abs(r.errorPercent()) > 10).map(r -> r.run().id()).sorted().toList();
        assertThat(outside).as("rows outside 10%%, which must be exactly the ones named with a reason").containsExactlyInAnyOrderElementsOf(NOT_MET.keySet());
        List<String> notFitting = results.stream().filter(r -> !r.verdict().fits()).map(r -> r.run().id()).toList();
        assertThat(notFitting).as("rows that ran but are predicted not to fit").isEmpty();
    }
}
