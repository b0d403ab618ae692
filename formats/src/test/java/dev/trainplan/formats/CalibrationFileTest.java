package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.time.Calibration;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CalibrationFileTest {
    @Test
    void builtIn_hasThePriorsOfTheMamfTable() {
        Calibration c = CalibrationFile.builtIn();
        // formulas.md §9.1: H100 SXM MAMF 794.5 of 989 TFLOPS BF16; A100 271.2 of 312.
        assertThat(c.efficiency("h100-sxm").gemm()).isBetween(0.5, 1.0);
        assertThat(c.generationOf("a100-sxm4-80gb").id()).isEqualTo("ampere");
        assertThat(c.overheads(Framework.MEGATRON)).isNotNull();
    }

    @Test
    void writeThenRead_keepsEveryCoefficient() {
        Calibration c = CalibrationFile.builtIn();
        Calibration back = CalibrationFile.read(new StringReader(CalibrationFile.write(c, "# test\n")), "round trip");
        assertThat(back.generations()).hasSameSizeAs(c.generations());
        assertThat(back.efficiency("b200").gemm()).isEqualTo(c.efficiency("b200").gemm());
        assertThat(back.efficiency("h100-sxm").attentionTuned()).isEqualTo(c.efficiency("h100-sxm").attentionTuned());
        assertThat(back.overheads(Framework.HF)).isEqualTo(c.overheads(Framework.HF));
    }

    @Test
    void priors_separateTheTunedAttentionKernelOnlyFromHopperOn() {
        // Shah et al. 2024: FlashAttention-2 ~350 of 989 TFLOPS forward on H100, FlashAttention-3 500-740; no such split on A100.
        Calibration p = CalibrationFile.priors();
        assertThat(p.efficiency("h100-sxm").attention()).isEqualTo(0.35);
        assertThat(p.efficiency("h100-sxm").attentionTuned()).isEqualTo(0.60);
        assertThat(p.efficiency("a100-sxm4-80gb").attentionTuned()).isEqualTo(p.efficiency("a100-sxm4-80gb").attention());
    }

    @Test
    void priors_chargeTheEagerUnfusedLayersTheirOwnHostTime() {
        // Host cost per layer forward from its op count: ~10 µs per kernel op or module/Function call, ~3 µs per metadata op.
        // Megatron-DeepSpeed's legacy layer: 22 kernel ops, 20 metadata ops, 20 calls, plus ~50 µs of checkpoint wrapper.
        double deepSpeed = 22 * 10e-6 + 20 * 3e-6 + 20 * 10e-6 + 50e-6;
        // HF's eager LlamaDecoderLayer with SDPA: 40 kernel ops, 15 metadata ops, 12 module calls.
        double hf = 40 * 10e-6 + 15 * 3e-6 + 12 * 10e-6;
        Calibration p = CalibrationFile.priors();
        assertThat(p.overheads(Framework.DEEPSPEED).layerHostSeconds()).isCloseTo(deepSpeed, within(0.05e-3));
        assertThat(p.overheads(Framework.HF).layerHostSeconds()).isCloseTo(hf, within(0.05e-3));
        // Frameworks without a count of their own keep the default's ~25 ops.
        assertThat(p.overheads(Framework.TORCHTITAN).layerHostSeconds()).isEqualTo(p.overheads(Framework.MEGATRON).layerHostSeconds())
                .isCloseTo(25 * 10e-6, within(1e-9));
    }

    @Test
    void fileWithoutTunedAttention_runsThePortableKernelFigureForBoth() {
        String old = "fitted: x\ndata: y\ngenerations:\n- {id: g, accelerators: [h100-sxm], gemm: 0.8, gemmFp8: 0.7, gemmHalfFlops: 1e9,"
                + " attention: 0.4, memory: 0.8, source: s}\nframeworks:\n  default: {dpOverlap: 0.5, tpExposed: 1, layerHostSeconds: 1e-4,"
                + " stepSeconds: 0.1}\n";
        assertThat(CalibrationFile.read(new StringReader(old), "old.yaml").efficiency("h100-sxm").attentionTuned()).isEqualTo(0.4);
    }

    @Test
    void unknownKey_isRejected() {
        String bad = "fitted: x\ndata: y\ngenerations: []\nframeworks:\n  default: {dpOverlap: 0.5, tpExposed: 1, layerHostSeconds: 1e-4, stepSeconds: 0.1, typo: 3}\n";
        assertThatThrownBy(() -> CalibrationFile.read(new StringReader(bad), "bad.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bad.yaml is not a valid calibration file");
    }

    @Test
    void unknownAccelerator_namesTheCalibratedOnes() {
        assertThatThrownBy(() -> CalibrationFile.builtIn().generationOf("tpu-v9"))
                .hasMessageContaining("accelerator 'tpu-v9' belongs to no calibrated generation");
    }
}
