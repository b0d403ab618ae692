package dev.trainplan.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainplan.engine.job.Sharding;
import org.junit.jupiter.api.Test;

/** formulas.md §8.4: checkpoint size from the model states, per sharding. */
class CheckpointSizeTest {
    @Test
    void bf16Adam_fourteenBytesPerParameter() {
        // bf16 weights 2 + fp32 master 4 + Adam m 4 + v 4; gradients are not saved.
        CheckpointSize c = CheckpointSize.ofModelStates(1_000_000_000L, 2, 12, Sharding.NONE, 1, 64);
        assertThat(c.totalBytes()).isEqualTo(14_000_000_000L);
        assertThat(c.largestDeviceBytes()).isEqualTo(14_000_000_000L);
    }

    @Test
    void bloom176b_closeToThePublished2point3Terabytes() {
        // 176e9 × 14 B = 2.46 TB against 2.3 TB written (≈ 13 B/param): within 7 %.
        CheckpointSize c = CheckpointSize.ofModelStates(176_000_000_000L, 2, 12, Sharding.ZERO1, 48, 8);
        assertThat(c.totalBytes() / 2.3e12).isBetween(1.0, 1.08);
    }

    @Test
    void bloom176b_defaultStorage_writesInAbout40Seconds() {
        // 48 nodes × 1.2 GB/s = 57.6 GB/s below the 2 TB/s cap: 2.3 TB in 40 s, as measured.
        assertThat(2.3e12 / Storage.DEFAULTS.bytesPerSecond(48)).isCloseTo(40, within(0.5));
    }

    @Test
    void largestDeviceShare_followsSharding() {
        long psi = 1_000_000_000L;
        // TP×PP = 4, DP = 8.
        assertThat(CheckpointSize.ofModelStates(psi, 2, 12, Sharding.NONE, 4, 8).largestDeviceBytes()).isEqualTo(14 * psi / 4);
        assertThat(CheckpointSize.ofModelStates(psi, 2, 12, Sharding.ZERO1, 4, 8).largestDeviceBytes()).isEqualTo(2 * psi / 4 + 12 * psi / 32);
        assertThat(CheckpointSize.ofModelStates(psi, 2, 12, Sharding.ZERO2, 4, 8).largestDeviceBytes()).isEqualTo(2 * psi / 4 + 12 * psi / 32);
        assertThat(CheckpointSize.ofModelStates(psi, 2, 12, Sharding.ZERO3, 4, 8).largestDeviceBytes()).isEqualTo(14 * psi / 32);
    }

    @Test
    void badInputs_rejectedNamingTheField() {
        assertThatThrownBy(() -> CheckpointSize.ofModelStates(0, 2, 12, Sharding.NONE, 1, 1)).hasMessageStartingWith("parameters must be");
        assertThatThrownBy(() -> CheckpointSize.ofModelStates(10, 2, -1, Sharding.NONE, 1, 1))
                .hasMessageStartingWith("optimizer bytes per parameter must be");
        assertThatThrownBy(() -> new CheckpointSize(10, 11)).hasMessageStartingWith("checkpoint bytes per device must be");
    }
}
