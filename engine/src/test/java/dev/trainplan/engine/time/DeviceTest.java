package dev.trainplan.engine.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DeviceTest {
    // An A100 as the step model sees it: 312 TFLOP/s FP16, 2.039 TB/s HBM, 108 SMs; best GEMM efficiency 0.8, half of it at 1 GFLOP.
    static final Efficiency EFF = new Efficiency(0.8, 0.8, 1e9, 0.5, 0.5, 0.8);

    static Device a100(int sms) {
        return new Device(312e12, 312e12, 2.039e12, 0.8, 0.5, EFF, 2, sms);
    }

    @Test
    void gemm_losesTheHalfEmptyLastWaveOfOutputTiles() {
        // GPT-3 175B's MLP up-projection at tp 8 for 2048 tokens: [2048, 12288] × [12288, 6144], 309.2 GFLOP.
        // Size: 0.8 / (1 + 1e9 / 309.2e9) = 0.79742. Tiles of 128 × 256 outputs: 2048 · 6144 / 32768 = 384 tiles,
        // 3.556 waves on 108 SMs, busy 3.556 / 4.056 = 0.87671 of the time. 309.2e9 / (312e12 · 0.79742 · 0.87671) = 1.41773 ms.
        assertThat(a100(108).gemmSeconds(2048, 12288, 6144)).isCloseTo(1.41773e-3, within(1e-8));
        assertThat(a100(0).gemmSeconds(2048, 12288, 6144)).isCloseTo(1.24294e-3, within(1e-8));
    }

    @Test
    void gemm_manyWavesCostAlmostNothing_fewWavesMuch() {
        // 16384 × 16384 outputs are 8192 tiles, 75.9 waves on 108 SMs: 0.7 % lost; 512 × 512 outputs are 8 tiles, 0.074 of
        // a wave: the idle SMs make it 7.75 times slower (0.5741 / 0.0741), compute-bound still (256 FLOP a byte at k = 65536).
        double big = a100(108).gemmSeconds(16384, 4096, 16384) / a100(0).gemmSeconds(16384, 4096, 16384);
        assertThat(big).isCloseTo((75.852 + 0.5) / 75.852, within(1e-4));
        double tiny = a100(108).gemmSeconds(512, 65536, 512) / a100(0).gemmSeconds(512, 65536, 512);
        assertThat(tiny).isCloseTo((8 / 108.0 + 0.5) / (8 / 108.0), within(1e-9));
    }

    @Test
    void gemm_boundByOperandTrafficStaysThere() {
        // [65536, 64] × [64, 64]: 0.5 GFLOP against 2 · (65536·64 + 64·64 + 65536·64) bytes = 16.8 MB over 0.8 · 2.039 TB/s
        // = 10.29 µs; compute at any efficiency here is shorter, so the roofline's memory side decides, waves or not.
        double traffic = 2.0 * (65536 * 64 + 64 * 64 + 65536 * 64) / (2.039e12 * 0.8);
        assertThat(a100(108).gemmSeconds(65536, 64, 64)).isCloseTo(traffic, within(1e-12));
    }
}
