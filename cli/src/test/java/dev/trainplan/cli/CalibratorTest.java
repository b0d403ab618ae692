package dev.trainplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CalibratorTest {
    @Test
    void robustResidual_squaresToThePseudoHuberLoss() {
        // Pseudo-Huber with δ = 0.3: loss(r) = 2δ²(√(1 + (r/δ)²) − 1), the residual is its signed square root.
        // r = 0.3: 2 · 0.09 · (√2 − 1) = 0.0745584, residual 0.273054.
        assertThat(Calibrator.robust(0.3)).isCloseTo(0.273054, within(1e-6));
        assertThat(Calibrator.robust(-0.3)).isCloseTo(-0.273054, within(1e-6));
        // A row 20× off (log 3): 2 · 0.09 · (√101 − 1) = 1.628978, residual 1.276314, where least squares would weigh 3.
        assertThat(Calibrator.robust(3)).isCloseTo(1.276314, within(1e-6));
        // Near zero the loss is the square: a 1 % error keeps its weight.
        assertThat(Calibrator.robust(0.01)).isCloseTo(0.01, within(1e-5));
    }
}
