package dev.trainplan.engine.comm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class LinkEfficiencyTest {
    private final LinkEfficiency link = new LinkEfficiency(0.8, 1000);

    @Test
    void efficiency_atHalfSaturation_isHalfThePeak() {
        assertThat(link.efficiency(1000)).isCloseTo(0.4, withinPercentage(1e-9));
    }

    @Test
    void efficiency_hugeTransfer_approachesThePeak() {
        assertThat(link.efficiency(1e12)).isCloseTo(0.8, withinPercentage(1e-6));
    }

    @Test
    void seconds_someTraffic_isTrafficOverAchievedBandwidth() {
        assertThat(link.seconds(3000, 1e6)).isCloseTo(3000 / (link.efficiency(3000) * 1e6), withinPercentage(1e-9));
    }

    @Test
    void seconds_nothingToMove_isZeroEvenOnAnUnknownLink() {
        assertThat(link.seconds(0, 0)).isZero();
        assertThat(link.seconds(1, 0)).isInfinite();
    }

    @Test
    void constructor_zeroPeak_isRejected() {
        assertThatThrownBy(() -> new LinkEfficiency(0, 1)).hasMessage("link peak efficiency must be a number above 0 and at most 2, not 0.");
    }
}
