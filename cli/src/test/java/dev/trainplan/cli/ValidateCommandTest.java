package dev.trainplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.time.Calibration;
import dev.trainplan.engine.time.Efficiency;
import dev.trainplan.formats.CalibrationFile;
import dev.trainplan.formats.ValidationRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ValidateCommandTest {
    static Path runsCsv() {
        Path p = Path.of("../../shared/validation/runs.csv");
        Assumptions.assumeTrue(Files.exists(p), "shared/ is beside the checkout");
        return p;
    }

    @Test
    void validate_json_hasSummaryAndEveryRowWithItsError() {
        CliRun r = CliRun.of("validate", runsCsv().toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        JsonNode summary = j.get("summary");
        assertThat(summary.get("rows").asInt()).isGreaterThan(550);
        assertThat(summary.has("meanAbsPctError") && summary.has("medianAbsPctError") && summary.has("p90AbsPctError")).isTrue();
        JsonNode first = j.get("rows").get(0);
        double measured = first.get("measured").asDouble();
        double predicted = first.get("predicted").asDouble();
        assertThat(first.get("errorPct").asDouble()).isCloseTo((predicted - measured) / measured * 100, org.assertj.core.data.Offset.offset(0.02));
        assertThat(j.get("groups").get("family").has("vtrain")).isTrue();
        // Each row carries its predicted step: tokens/s = global batch × sequence / step / devices (korth-1t-full: 512 × 2048 on 512 GPUs).
        for (JsonNode row : j.get("rows")) {
            if (row.get("id").asText().equals("korth-1t-full")) {
                JsonNode time = row.get("time");
                assertThat(time.get("tokensPerSecondPerDevice").asDouble()).isCloseTo(row.get("predicted").asDouble(), org.assertj.core.data.Offset.offset(0.006));
                assertThat(512.0 * 2048 / time.get("stepSeconds").asDouble() / 512).isCloseTo(row.get("predicted").asDouble(), org.assertj.core.data.Offset.offset(0.006));
                assertThat(time.at("/breakdown/bubbleSeconds").asDouble()).as("pp 64 has a bubble").isPositive();
            }
        }
        JsonNode memory = j.get("memorySummary");
        assertThat(memory.get("rows").asInt()).isEqualTo(68);
        assertThat(memory.get("predictedNotToFit").asInt()).as("no row that ran is predicted not to fit").isZero();
        assertThat(memory.get("meanAbsPctError").asDouble()).isLessThan(10);
    }

    @Test
    void validate_totals_predictsEveryCompleteTrainingWithAPlannedLayout() {
        Path totals = runsCsv().resolveSibling("totals.csv");
        CliRun r = CliRun.of("validate", totals.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.get("rows").size()).isEqualTo(16);
        assertThat(j.at("/summary/rows").asInt()).isEqualTo(14);
        for (JsonNode row : j.get("rows")) {
            // device-hours = devices × wall hours of the planned run
            assertThat(row.get("predictedDeviceHours").asDouble())
                    .isCloseTo(row.get("devices").asInt() * row.get("predictedWallDays").asDouble() * 24, org.assertj.core.data.Percentage.withPercentage(1e-6));
            assertThat(row.get("tp").asInt() * row.get("pp").asInt() * row.get("cp").asInt() * row.get("dp").asInt()).isEqualTo(row.get("devices").asInt());
        }
    }

    @Test
    void validate_totals_holdsTheSearchToWhatWasPublished() {
        Path totals = runsCsv().resolveSibling("totals.csv");
        CliRun r = CliRun.of("validate", totals.toString(), "--json");
        JsonNode rows = Json.mapper().readTree(r.out()).get("rows");
        JsonNode bloom = null;
        JsonNode deepSeek = null;
        for (JsonNode row : rows) {
            bloom = row.get("id").asText().equals("bloom-176b") ? row : bloom;
            deepSeek = row.get("id").asText().equals("deepseek-v3-pretrain") ? row : deepSeek;
        }
        // BLOOM (tr11-176B-ml README): 384 A100 as TP4 × PP12 × DP8, 70 layers over 12 stages, micro-batch 2 of a 2048 batch.
        assertThat(bloom.get("devices").asInt()).isEqualTo(384);
        assertThat(new int[] {bloom.get("tp").asInt(), bloom.get("pp").asInt(), bloom.get("dp").asInt(), bloom.get("microBatch").asInt()})
                .containsExactly(4, 12, 8, 2);
        assertThat(bloom.get("assumed")).isEmpty();
        assertThat(bloom.at("/published/pp").asText()).contains("tr11");
        // DeepSeek-V3 report: PP16 × EP64, no TP, ZeRO-1, FP8, 15360 sequences of 4096 tokens on 2048 GPUs.
        assertThat(new int[] {deepSeek.get("tp").asInt(), deepSeek.get("pp").asInt(), deepSeek.get("ep").asInt(), deepSeek.get("dp").asInt()})
                .containsExactly(1, 16, 64, 128);
        assertThat(deepSeek.get("precision").asText()).isEqualTo("fp8");
        assertThat(deepSeek.get("sharding").asText()).isEqualTo("zero1");
        assertThat(deepSeek.get("globalBatch").asLong() * deepSeek.get("sequenceLength").asLong()).isEqualTo(15360L * 4096);
    }

    @Test
    void validate_crossValidate_predictsEachFamilyByAFitThatNeverSawIt(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(runsCsv());
        List<String> korthikanti = lines.stream().filter(l -> l.startsWith("korth-")).toList();
        List<String> sc21 = lines.stream().filter(l -> l.startsWith("msc21-t1-")).toList();
        Path both = dir.resolve("both.csv");
        Path sc21Only = dir.resolve("sc21.csv");
        Path korthikantiOnly = dir.resolve("korthikanti.csv");
        Files.write(both, concat(lines.getFirst(), korthikanti, sc21));
        Files.write(sc21Only, concat(lines.getFirst(), sc21));
        Files.write(korthikantiOnly, concat(lines.getFirst(), korthikanti));

        CliRun cv = CliRun.of("validate", both.toString(), "--cross-validate", "--json");
        assertThat(cv.exitCode()).as(cv.err()).isZero();
        // The same held-out prediction by another road: calibrate on the other family alone, then predict with that file.
        Path fitted = dir.resolve("sc21-fit.yaml");
        CliRun calibrate = CliRun.of("calibrate", sc21Only.toString(), "--write", fitted.toString());
        assertThat(calibrate.exitCode()).as(calibrate.err()).isZero();
        CliRun heldOut = CliRun.of("validate", korthikantiOnly.toString(), "--calibration", fitted.toString(), "--json");
        assertThat(heldOut.exitCode()).as(heldOut.err()).isZero();

        java.util.Map<String, Double> expected = new java.util.HashMap<>();
        Json.mapper().readTree(heldOut.out()).get("rows").forEach(r -> expected.put(r.get("id").asText(), r.get("predicted").asDouble()));
        int checked = 0;
        for (JsonNode row : Json.mapper().readTree(cv.out()).get("rows")) {
            double measured = row.get("measured").asDouble();
            double outOfFold = row.get("crossValidatedPredicted").asDouble();
            // Both are printed to 0.01: on the 1T row's ~20 tokens/s that alone moves the error by up to 0.025 points.
            assertThat(row.get("crossValidatedErrorPct").asDouble()).isCloseTo((outOfFold - measured) / measured * 100, org.assertj.core.data.Offset.offset(0.031));
            if (row.get("family").asText().equals("korthikanti")) {
                // The written file keeps four significant figures of each coefficient.
                assertThat(outOfFold).as(row.get("id").asText()).isCloseTo(expected.get(row.get("id").asText()), org.assertj.core.data.Percentage.withPercentage(0.05));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(korthikanti.size()).isEqualTo(5);

        // With the frameworks' overheads known: the SC'21-only fit's hardware coefficients, the built-in framework overheads.
        Calibration sc21Fit = CalibrationFile.read(Files.newBufferedReader(fitted), fitted.toString());
        Calibration builtIn = CalibrationFile.builtIn();
        Path mixed = dir.resolve("mixed.yaml");
        Files.writeString(mixed, CalibrationFile.write(new Calibration("test", "test", sc21Fit.generations(), builtIn.frameworks(),
                builtIn.defaultOverheads()), "# test\n"));
        CliRun knownRoad = CliRun.of("validate", korthikantiOnly.toString(), "--calibration", mixed.toString(), "--json");
        assertThat(knownRoad.exitCode()).as(knownRoad.err()).isZero();
        assertThat(Json.mapper().readTree(cv.out()).at("/crossValidation/knownFrameworks/byFamily/korthikanti/meanAbsPctError").asDouble())
                .isCloseTo(Json.mapper().readTree(knownRoad.out()).at("/summary/meanAbsPctError").asDouble(), org.assertj.core.data.Offset.offset(0.05));
    }

    private static List<String> concat(String header, List<String>... groups) {
        List<String> all = new ArrayList<>(List.of(header));
        for (List<String> g : groups) {
            all.addAll(g);
        }
        return all;
    }

    @Test
    void validate_missingFile_oneSentenceAndExit2() {
        CliRun r = CliRun.of("validate", "no/such/runs.csv");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("trainplan: validation file no/such/runs.csv does not exist");
    }

    @Test
    void calibrator_syntheticMeasurements_recoversThem() throws IOException {
        // Measurements made by known coefficients (every generation at 70 % GEMM, 40 % attention, 60 % HBM):
        // a fit that starts from the priors must find predictions that match them far better than the priors do.
        Calibration prior = CalibrationFile.builtIn();
        List<Calibration.Generation> gens = new ArrayList<>();
        for (Calibration.Generation g : prior.generations()) {
            gens.add(new Calibration.Generation(g.id(), g.accelerators(), new Efficiency(0.7, 0.6, 3e9, 0.4, 0.5, 0.6), 0.7, 0.6, "truth"));
        }
        Calibration truth = new Calibration("truth", "synthetic", gens, prior.frameworks(), prior.defaultOverheads());
        var runs = ValidationRuns.read(Files.newBufferedReader(runsCsv()), "runs.csv").stream()
                .filter(x -> x.family().equals("llm-foundry") || x.family().equals("korthikanti")).toList();
        List<Calibrator.Sample> samples = new ArrayList<>();
        for (ValidationSamples.Prepared p : ValidationSamples.prepare(runs, false, prior).usable()) {
            Calibrator.Sample s = p.sample();
            samples.add(new Calibrator.Sample(s.id(), s.family(), s.model(), s.job(), s.hardware(), s.attention(), Calibrator.predict(s, truth)));
        }
        Calibration fitted = new Calibrator(prior, samples).fit(samples, "test", "synthetic");
        assertThat(meanAbsLogError(samples, fitted)).isLessThan(0.02).isLessThan(meanAbsLogError(samples, prior) / 3);
    }

    private static double meanAbsLogError(List<Calibrator.Sample> samples, Calibration c) {
        return samples.stream().mapToDouble(s -> Math.abs(Math.log(Calibrator.predict(s, c) / s.measured()))).average().orElseThrow();
    }
}
