package dev.trainplan.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole run against hand calculations written out in each test. */
class RunModelTest {
    private static final CheckpointSize TEN_GB = new CheckpointSize(10_000_000_000L, 1_250_000_000L);

    /** One 8-device node, 5000 steps of 20 s, nothing lost unless a test turns it on. */
    private static RunInputs oneNode(double activity) {
        Stage stage = new Stage(5000, 256, 2048, 20, 20, activity);
        return RunInputs.of(List.of(stage), 8, 8, TEN_GB, 700).withFailures(Failures.NONE)
                .withStorage(Storage.DEFAULTS.withBytesPerSecondPerNode(Defaults.STORAGE_PER_NODE.withValue(1e9)));
    }

    /** M = 10,000 s on 8 devices: 3600 / (8 × 10,000) failures per device-hour; R = 100 s, no planned stops. */
    private static Failures mtbf10000Seconds() {
        return Failures.DEFAULTS.withUnexpectedPerDeviceHour(Defaults.UNEXPECTED_FAILURES.withValue(3600.0 / 80_000))
                .withPlannedPerDay(Defaults.PLANNED_INTERRUPTIONS.withValue(0)).withRestartSeconds(Defaults.RESTART.withValue(100));
    }

    @Test
    void noFailures_optimalInterval_wallIsIdeal() {
        RunEstimate e = RunModel.estimate(oneNode(1));
        assertThat(e.idealSeconds()).isEqualTo(100_000);
        assertThat(e.wallSeconds()).isEqualTo(100_000);
        assertThat(e.checkpoint().saves()).isZero();
        assertThat(e.checkpoint().intervalSeconds()).isInfinite();
        assertThat(e.expectedInterruptions()).isZero();
        assertThat(e.goodput()).isEqualTo(1);
    }

    @Test
    void failures_fixedInterval_handCalculation() {
        RunInputs in = oneNode(1).withFailures(mtbf10000Seconds())
                .withCheckpointing(Checkpointing.of(TEN_GB).withInterval(new CheckpointInterval.EverySeconds(1000)));
        RunEstimate e = RunModel.estimate(in);
        // Write: 10 GB at 1 GB/s = 10 s (sync, so δ = 10 s); reload the same, R = 100 + 10 = 110 s.
        assertThat(e.checkpoint().writeSeconds()).isCloseTo(10, within(1e-12));
        assertThat(e.interruptions().restartSeconds()).isCloseTo(110, within(1e-12));
        // 100,000 s of training, a save every 1000 s: 100 saves, 1000 s blocked.
        assertThat(e.checkpoint().saves()).isEqualTo(100);
        assertThat(e.lost().checkpointSeconds()).isCloseTo(1000, within(1e-9));
        // Each failure loses τ/2 + R = 610 s and they come every 10,000 s: wall = 101,000 / (1 − 0.061).
        double wall = 101_000 / (1 - 610 / 10_000.0);
        assertThat(e.wallSeconds()).isCloseTo(wall, within(1e-6));
        assertThat(e.interruptions().unexpected()).isCloseTo(wall / 10_000, within(1e-9));
        assertThat(e.lost().failureSeconds()).isCloseTo(wall / 10_000 * 500, within(1e-6));
        assertThat(e.lost().restartSeconds()).isCloseTo(wall / 10_000 * 110, within(1e-6));
        // Goodput ≈ 1 − W with W = δ/τ + (τ/2 + R)/M = 0.01 + 0.061.
        assertThat(e.goodput()).isCloseTo(1 - 0.071, within(1e-3));
        // Daly's optimum here is 440.6 s, losing 5.6 % against 7.1 %: the model says so.
        assertThat(e.warnings()).anySatisfy(w -> assertThat(w).startsWith("Saving every 16.7 minutes loses 7.1 %").contains("7.3 minutes"));
    }

    @Test
    void optimalInterval_isDalysForTheJobMtbf() {
        RunEstimate e = RunModel.estimate(oneNode(1).withFailures(mtbf10000Seconds()));
        assertThat(e.checkpoint().intervalSeconds()).isCloseTo(YoungDaly.dalySeconds(10, 10_000), within(1e-9));
        assertThat(e.warnings()).isEmpty();
    }

    @Test
    void everySteps_intervalIsStepsTimesStepTime() {
        RunEstimate e = RunModel.estimate(oneNode(1).withCheckpointing(Checkpointing.of(TEN_GB).withInterval(new CheckpointInterval.EverySteps(50))));
        assertThat(e.checkpoint().intervalSeconds()).isEqualTo(1000);
        assertThat(e.checkpoint().saves()).isEqualTo(100);
        assertThat(e.wallSeconds()).isCloseTo(100_000 + 100 * 10, within(1e-6));
    }

    @Test
    void asyncSave_blocksForTheDeviceToHostCopyOnly() {
        RunInputs in = oneNode(1).withCheckpointing(Checkpointing.of(TEN_GB).withMode(SaveMode.ASYNC)
                .withInterval(new CheckpointInterval.EverySeconds(1000)));
        RunEstimate e = RunModel.estimate(in);
        // 1.25 GB per device at 25 GB/s = 0.05 s; the node stages its 8 devices' 10 GB in host memory.
        assertThat(e.checkpoint().blockingSeconds()).isCloseTo(0.05, within(1e-12));
        assertThat(e.lost().checkpointSeconds()).isCloseTo(100 * 0.05, within(1e-9));
        assertThat(e.checkpoint().hostStagingBytesPerNode()).isEqualTo(10_000_000_000L);
    }

    @Test
    void asyncSave_failureDuringTheWrite_redoesOneMoreInterval() {
        RunInputs in = oneNode(1).withFailures(mtbf10000Seconds()).withCheckpointing(Checkpointing.of(TEN_GB).withMode(SaveMode.ASYNC)
                .withInterval(new CheckpointInterval.EverySeconds(1000)));
        RunEstimate e = RunModel.estimate(in);
        // Per failure: τ/2 + write = 500 + 10 s redone, R = 110 s; 100 saves block 0.05 s each.
        double wall = (100_000 + 5) / (1 - (510 + 110) / 10_000.0);
        assertThat(e.wallSeconds()).isCloseTo(wall, within(1e-6));
        assertThat(e.lost().failureSeconds()).isCloseTo(wall / 10_000 * 510, within(1e-6));
    }

    @Test
    void asyncSave_intervalShorterThanTheWrite_raisedAndWarned() {
        RunInputs in = oneNode(1).withCheckpointing(Checkpointing.of(TEN_GB).withMode(SaveMode.ASYNC)
                .withInterval(new CheckpointInterval.EverySeconds(4)));
        RunEstimate e = RunModel.estimate(in);
        assertThat(e.checkpoint().intervalSeconds()).isCloseTo(10, within(1e-12));
        assertThat(e.warnings()).anySatisfy(w -> assertThat(w).startsWith("An asynchronous save takes 10.0 s to write"));
    }

    @Test
    void evaluation_countsStepsAcrossStages() {
        // Evaluations after steps 100, 200, …, 1000: one in the first stage (3 s steps), nine in the second (6 s steps),
        // each 10 iterations of a third of a step.
        List<Stage> stages = List.of(new Stage(150, 256, 2048, 3, 3, 1), new Stage(850, 256, 4096, 6, 6, 1));
        RunInputs in = RunInputs.of(stages, 8, 8, TEN_GB, 700).withFailures(Failures.NONE).withEvaluation(Evaluation.every(100, 10));
        RunEstimate e = RunModel.estimate(in);
        assertThat(e.lost().evaluationSeconds()).isCloseTo(1 * 10 * 3 / 3.0 + 9 * 10 * 6 / 3.0, within(1e-9));
        assertThat(e.wallSeconds()).isCloseTo(150 * 3 + 850 * 6 + 10 + 180, within(1e-9));
    }

    @Test
    void slowStorage_boundsTheStep_andWarns() {
        // 256 × 2048 tokens × 4 B = 2.097 MB per step from one node at 100 kB/s: 20.97 s per step against 20 s.
        RunInputs in = oneNode(1).withStorage(Storage.DEFAULTS.withBytesPerSecondPerNode(Defaults.STORAGE_PER_NODE.withValue(1e5)));
        RunEstimate e = RunModel.estimate(in);
        double readSeconds = 256 * 2048 * 4 / 1e5;
        assertThat(e.lost().inputSeconds()).isCloseTo(5000 * (readSeconds - 20), within(1e-6));
        assertThat(e.warnings()).anySatisfy(w -> assertThat(w).contains("the storage bounds the step"));
        assertThat(e.input().tokensPerSecond()).isCloseTo(256 * 2048 / readSeconds, within(1e-6));
    }

    @Test
    void hostTokenRate_boundsTheStep_andWarns() {
        RunInputs in = oneNode(1).withData(DataLoading.DEFAULTS.withHostTokensPerSecondPerNode(10_000));
        RunEstimate e = RunModel.estimate(in);
        // 524,288 tokens per step at 10,000 tokens/s = 52.4 s.
        assertThat(e.lost().inputSeconds()).isCloseTo(5000 * (52.4288 - 20), within(1e-6));
        assertThat(e.warnings()).anySatisfy(w -> assertThat(w).contains("the host bounds the step"));
    }

    @Test
    void costAndEnergy_handCalculation() {
        RunEstimate e = RunModel.estimate(oneNode(0.5).withPricePerDeviceHour(2.5));
        // 8 devices × 100,000 s = 222.22 device-hours, at 2.5 USD = 555.56 USD.
        assertThat(e.deviceHours()).isCloseTo(8 * 100_000 / 3600.0, within(1e-9));
        assertThat(e.costUsd()).hasValueCloseTo(8 * 100_000 / 3600.0 * 2.5, within(1e-9));
        // Device at half activity: 700 × (0.1 + 0.9 × 0.5) = 385 W; node overhead 0.82 × 700 = 574 W per device.
        // 8 × 100,000 s × 959 W = 767.2 MJ, × PUE 1.1 = 843.92 MJ = 234.42 kWh; × 480 g = 112.52 kg CO2e.
        assertThat(e.energyKwh()).isCloseTo(8 * 100_000 * 959 * 1.1 / 3.6e6, within(1e-9));
        assertThat(e.co2Kg()).isCloseTo(8 * 100_000 * 959 * 1.1 / 3.6e6 * 0.480, within(1e-9));
    }

    @Test
    void energy_restartsDrawIdlePower_redoneWorkDrawsActivePower() {
        RunInputs in = oneNode(1).withFailures(mtbf10000Seconds())
                .withCheckpointing(Checkpointing.of(TEN_GB).withInterval(new CheckpointInterval.EverySeconds(1000)));
        RunEstimate e = RunModel.estimate(in);
        double active = 700;
        double idle = 70;
        double deviceJoules = 100_000 * active + e.lost().failureSeconds() * active
                + (e.lost().checkpointSeconds() + e.lost().restartSeconds()) * idle;
        double overheadJoules = e.wallSeconds() * 574;
        assertThat(e.energyKwh()).isCloseTo(8 * (deviceJoules + overheadJoules) * 1.1 / 3.6e6, within(1e-9));
    }

    @Test
    void noPrice_noCost() {
        assertThat(RunModel.estimate(oneNode(1)).costUsd()).isEmpty();
    }

    @Test
    void failuresFasterThanRecovery_rejectedWithOneSentence() {
        Failures hopeless = mtbf10000Seconds().withRestartSeconds(Defaults.RESTART.withValue(20_000));
        assertThatThrownBy(() -> RunModel.estimate(oneNode(1).withFailures(hopeless)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the job fails every 2.78 hours on average and each failure costs");
    }

    @Test
    void assumptions_listTheFiguresInForce_withUserGivenMarked() {
        RunEstimate e = RunModel.estimate(oneNode(1).withFailures(mtbf10000Seconds()));
        assertThat(e.assumptions()).extracting(Assumption::name).contains("unexpected failure rate", "restart time",
                "storage bandwidth per node", "aggregate storage bandwidth", "power usage effectiveness", "grid carbon intensity");
        assertThat(e.assumptions()).filteredOn(Assumption::userGiven).extracting(Assumption::name)
                .containsExactlyInAnyOrder("unexpected failure rate", "planned interruption rate", "restart time", "storage bandwidth per node");
        assertThat(RunModel.estimate(oneNode(1)).assumptions()).extracting(Assumption::name).doesNotContain("unexpected failure rate");
    }
}
