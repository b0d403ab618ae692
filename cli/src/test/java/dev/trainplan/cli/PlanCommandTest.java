package dev.trainplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class PlanCommandTest {
    static final String[] MT_NLG = {"plan", "--model", "mt-nlg-530b", "--gpu", "a100-sxm4-80gb", "--gpus", "2240", "--global-batch", "1920",
        "--seq-len", "2048"};

    private static JsonNode json(CliRun run) {
        return Json.mapper().readTree(run.out());
    }

    @Test
    void mtNlg_json_givesTheBestOnAllDevicesAndHowManyWereEvaluated() {
        CliRun run = CliRun.of(CliRun.args(MT_NLG, "--json"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode best = json(run).get("best");
        for (String key : new String[] {"tp", "pp", "dp", "vp", "microBatch", "recompute", "sharding", "stepSeconds"}) {
            assertThat(best.has(key)).as(key).isTrue();
        }
        assertThat(best.get("tp").asInt() * best.get("pp").asInt() * best.get("cp").asInt() * best.get("dp").asInt()).isEqualTo(2240);
        assertThat(best.get("stepSeconds").asDouble()).isPositive();
        assertThat(json(run).get("evaluated").asLong()).isPositive();
        assertThat(json(run).get("space").asLong()).isGreaterThan(json(run).get("evaluated").asLong());
    }

    @Test
    void mtNlg_isAtLeastAsFastAsTheDeployment_andSaysWhatSeparatesThem() {
        // Smith et al. 2022: tp 8, pp 35, dp 8, micro-batch 1 on 2,240 A100.
        CliRun run = CliRun.of(CliRun.args(MT_NLG, "--json", "--compare", "tp=8,pp=35,micro-batch=1,recompute=selective,sharding=zero1,sp"));
        JsonNode o = json(run);
        JsonNode compared = o.get("compared");
        assertThat(compared.get("dp").asInt()).isEqualTo(8);
        assertThat(compared.get("stepSeconds").asDouble()).isGreaterThanOrEqualTo(o.get("best").get("stepSeconds").asDouble());
        assertThat(compared.get("whatSeparatesThem").get("settings").size()).isPositive();
    }

    @Test
    void report_showsTheChoiceTheRunnerUpTheTableAndTheRejections() {
        CliRun run = CliRun.of(CliRun.args(MT_NLG, "--top", "3"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Best:", "Runner-up:", "It differs in", "Top 3 by time:", "Searched", "evaluated", "pruned",
                "tp spans more than one node", "pp does not divide the layers", "out of memory", "the closest needs");
    }

    @Test
    void explain_comparesPartByPart() {
        CliRun run = CliRun.of(CliRun.args(MT_NLG, "--explain", "--compare", "tp=8,pp=35,micro-batch=1,recompute=selective,sharding=zero1,sp"));
        assertThat(run.out()).contains("The best against the runner-up, part by part:", "The best against --compare, part by part:",
                "pipeline bubble", "Compared with: tp 8 · pp 35", "per step by trainplan's model", "faster");
    }

    @Test
    void nothingFits_saysSoAndShowsTheClosestWithWhatTheyLack() {
        CliRun run = CliRun.of("plan", "--model", "mt-nlg-530b", "--gpu", "a100-sxm4-80gb", "--gpus", "8", "--global-batch", "8");
        assertThat(run.exitCode()).isEqualTo(PlanCommand.EXIT_NOTHING_FITS);
        assertThat(run.out()).contains("Nothing meets the request", "fits in 79.15 GiB per device", "Closest, and what they lack:", "more on stage");
    }

    @Test
    void deadlineNoConfigurationMeets_saysByHowMuchTheClosestMissIt() {
        CliRun run = CliRun.of(CliRun.args(MT_NLG, "--tokens", "270B", "--deadline", "1d"));
        assertThat(run.exitCode()).isEqualTo(PlanCommand.EXIT_NOTHING_FITS);
        assertThat(run.out()).contains("trains within 24.0 h", "misses the deadline by");
        assertThat(run.out().indexOf("misses the deadline by")).isLessThan(run.out().indexOf("more on stage"));
        JsonNode closest = json(CliRun.of(CliRun.args(MT_NLG, "--tokens", "270B", "--deadline", "1d", "--json"))).get("closest");
        assertThat(closest.get(0).get("reason").asString()).isEqualTo("deadline");
        assertThat(closest.get(0).get("shortfall").asDouble()).isPositive();
    }

    @Test
    void cheapest_overDeviceCounts_usesFewerDevicesThanFastest() {
        String[] args = {"plan", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--gpus", "8..64", "--global-batch", "256", "--seq-len", "4096",
            "--tokens", "100B", "--price", "2.5", "--json"};
        JsonNode fastest = json(CliRun.of(args)).get("best");
        JsonNode cheapest = json(CliRun.of(CliRun.args(args, "--objective", "cheapest"))).get("best");
        assertThat(cheapest.get("devices").asInt()).isLessThan(fastest.get("devices").asInt());
        assertThat(cheapest.get("cost").asDouble()).isLessThanOrEqualTo(fastest.get("cost").asDouble());
        assertThat(fastest.get("trainingSeconds").asDouble()).isLessThanOrEqualTo(cheapest.get("trainingSeconds").asDouble());
    }

    @Test
    void plot_drawsTheParetoFrontAsSvg(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("front.svg");
        CliRun run = CliRun.of("plan", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--gpus", "8..128:8", "--global-batch", "256",
                "--seq-len", "4096", "--tokens", "100B", "--objective", "pareto", "--plot", svg.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("The Pareto front of time, cost and devices:", "Plot written to");
        String text = Files.readString(svg);
        assertThat(text).startsWith("<svg").contains("devices", "training time", "Pareto front", "<path d=\"M").endsWith("</svg>\n");
        // One point per device count that has a configuration (8B's 32 heads leave out counts with a factor 3), two in the legend.
        int counts = json(CliRun.of("plan", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--gpus", "8..128:8", "--global-batch", "256",
                "--seq-len", "4096", "--tokens", "100B", "--json")).get("fastestByDevices").size();
        assertThat(counts).isGreaterThanOrEqualTo(4);
        assertThat(text.split("<circle").length - 1).isEqualTo(counts + 2);
    }

    @Test
    void badInput_isOneSentenceNamingTheOption() {
        assertBad(new String[] {"plan", "--model", "mt-nlg-530b", "--gpus", "lots", "--global-batch", "1920"}, "--gpus 'lots' is not a whole number");
        assertBad(CliRun.args(MT_NLG, "--deadline", "5"), "--deadline '5' is not a duration");
        assertBad(CliRun.args(MT_NLG, "--compare", "tp=x"), "--compare: tp must be a whole number");
        assertBad(CliRun.args(MT_NLG, "--compare", "pipes=2"), "--compare: 'pipes' is not one of");
        assertBad(CliRun.args(MT_NLG, "--budget", "1M"), "--budget needs the training length");
        assertBad(CliRun.args(MT_NLG, "--tokens", "1T", "--budget", "1M"), "--budget 1000000 needs --price");
        assertBad(CliRun.args(MT_NLG, "--objective", "quickest"), "objective 'quickest' is not one of fastest, cheapest, pareto");
        assertBad(CliRun.args(MT_NLG, "--sequence-parallel", "sometimes"), "--sequence-parallel 'sometimes' is not on, off or both");
    }

    private static void assertBad(String[] args, String message) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err()).contains(message).doesNotContain("Exception");
        assertThat(run.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void help_listsPlan() {
        assertThat(CliRun.of("--help").out()).contains("plan");
    }
}
