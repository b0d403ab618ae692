package dev.trainplan.engine.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.model.Architecture;
import org.junit.jupiter.api.Test;

class LayerWorkTest {
    static final Device A100 = new Device(312e12, 312e12, 2.039e12, 0.8, 0.5, DeviceTest.EFF, 2, 108);
    static final Architecture GPT_175B = StepTimeModelTest.GPT_175B;

    @Test
    void hiddenDropout_addsItsMasksToTheElementwiseTraffic() {
        // GPT-3 175B at tp 8 without sequence parallelism, 2048 tokens: the hidden state (12288 wide) is replicated on
        // every rank; two dropouts a layer cost 2 forward bytes an element each (1 + 5 over forward and backward):
        // 2048 × 12288 × 2 × 2 = 100,663,296 bytes more than the same unfused attention without dropout.
        LayerWork plain = LayerWork.of(GPT_175B, A100, 2048, 2048, 8, 8, false, false, 2, AttentionKernel.UNFUSED);
        LayerWork dropout = LayerWork.of(GPT_175B, A100, 2048, 2048, 8, 8, false, false, 2, AttentionKernel.UNFUSED_DROPOUT);
        assertThat(dropout.elementwiseBytes() - plain.elementwiseBytes()).isCloseTo(100_663_296, within(1e-3));
        // Sequence parallelism splits the hidden state, and its dropouts, over the 8 ranks.
        LayerWork split = LayerWork.of(GPT_175B, A100, 2048, 2048, 8, 8, true, false, 2, AttentionKernel.UNFUSED_DROPOUT);
        LayerWork splitPlain = LayerWork.of(GPT_175B, A100, 2048, 2048, 8, 8, true, false, 2, AttentionKernel.UNFUSED);
        assertThat(split.elementwiseBytes() - splitPlain.elementwiseBytes()).isCloseTo(100_663_296 / 8.0, within(1e-3));
    }

    @Test
    void backwardGemms_costTwiceTheForwardWithoutWaves_moreWithThem() {
        // Without compute units the input- and weight-gradient GEMMs have the forward's FLOPs and operand traffic;
        // with A100's 108 SMs their own output shapes decide the waves: 175B's dgrad outputs [2048, 12288] (7.1 waves)
        // and wgrad outputs [12288, 6144] (21.3 waves) fill the chip better than the forward's [2048, 6144] (3.6 waves).
        Device noWaves = new Device(312e12, 312e12, 2.039e12, 0.8, 0.5, DeviceTest.EFF, 2, 0);
        LayerWork flat = LayerWork.of(GPT_175B, noWaves, 2048, 2048, 8, 8, false, false, 2, AttentionKernel.FLASH);
        assertThat(flat.gemmBackwardSeconds()).isCloseTo(2 * flat.gemmSeconds(), within(1e-15));
        LayerWork waves = LayerWork.of(GPT_175B, A100, 2048, 2048, 8, 8, false, false, 2, AttentionKernel.FLASH);
        assertThat(waves.gemmBackwardSeconds()).isLessThan(2 * waves.gemmSeconds());
    }
}
