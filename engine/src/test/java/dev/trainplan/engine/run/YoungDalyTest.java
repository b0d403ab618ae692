package dev.trainplan.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** formulas.md §8.1: Young's and Daly's optimal checkpoint intervals against their published examples. */
class YoungDalyTest {
    private static final double MINUTE = 60;
    private static final double HOUR = 3600;

    @Test
    void daly_publishedExamples_reproduced() {
        // Daly 2006: δ = 5 min, R = 10 min (R does not enter the interval).
        assertThat(YoungDaly.dalySeconds(5 * MINUTE, 24 * HOUR) / MINUTE).isCloseTo(117, within(0.5));
        assertThat(YoungDaly.dalySeconds(5 * MINUTE, 6 * HOUR) / MINUTE).isCloseTo(57, within(0.5));
        assertThat(YoungDaly.dalySeconds(5 * MINUTE, 15 * MINUTE) / MINUTE).isCloseTo(9.1, within(0.05));
    }

    @Test
    void young_firstOrder_isSquareRootOfTwoDeltaM() {
        // √(2 · 5 min · 24 h) = √(2 · 5 · 1440) min = 120 min.
        assertThat(YoungDaly.youngSeconds(5 * MINUTE, 24 * HOUR) / MINUTE).isCloseTo(120, within(1e-9));
        assertThat(YoungDaly.youngSeconds(2, 50)).isCloseTo(Math.sqrt(200), within(1e-12));
    }

    @Test
    void daly_checkpointLongerThanTwiceMtbf_intervalIsMtbf() {
        assertThat(YoungDaly.dalySeconds(30 * MINUTE, 10 * MINUTE)).isEqualTo(10 * MINUTE);
    }

    @Test
    void daly_noFailures_neverSaves() {
        assertThat(YoungDaly.dalySeconds(5 * MINUTE, Double.POSITIVE_INFINITY)).isInfinite();
    }

    @Test
    void lostFraction_llamaScaleExample_about24PercentPlusRestart() {
        // formulas.md §8.1: δ = 5 min, M = 3 h → τ ≈ 39–42 min, W ≈ √(2δ/M) + R/M ≈ 24 % + R/M.
        double tau = YoungDaly.dalySeconds(5 * MINUTE, 3 * HOUR);
        assertThat(tau / MINUTE).isBetween(39.0, 42.0);
        assertThat(YoungDaly.youngSeconds(5 * MINUTE, 3 * HOUR) / MINUTE).isBetween(39.0, 43.0);
        double restart = 10 * MINUTE;
        double w = YoungDaly.lostFraction(5 * MINUTE, tau, restart, 3 * HOUR);
        assertThat(w - restart / (3 * HOUR)).isCloseTo(0.24, within(0.01));
    }

    @Test
    void lostFraction_handCalculation() {
        // δ/τ + (τ/2 + R)/M = 10/1000 + (500 + 110)/10000 = 0.071.
        assertThat(YoungDaly.lostFraction(10, 1000, 110, 10_000)).isCloseTo(0.071, within(1e-12));
    }

    @Test
    void dalySeconds_negativeBlocking_rejectedNamingTheField() {
        assertThatThrownBy(() -> YoungDaly.dalySeconds(-1, HOUR)).hasMessageStartingWith("checkpoint blocking seconds must be");
        assertThatThrownBy(() -> YoungDaly.youngSeconds(1, 0)).hasMessageStartingWith("job MTBF seconds must be");
    }
}
