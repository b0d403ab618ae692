package dev.trainplan.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import org.junit.jupiter.api.Test;

/**
 * nanotron's loss, traced through its code: the lm_head writes 16-bit vocab-sharded logits, cast_to_fp32
 * makes the FP32 copy and the 16-bit tensor dies when the model's forward returns; _ShardedCrossEntropy
 * then computes {@code sharded_logits - logits_max} into a new FP32 tensor while the caller still holds
 * the FP32 logits, and turns it into the saved softmax in place. At that moment 4 + 4 bytes per local
 * logit are allocated; the freed 16-bit block (2 bytes per logit) stays in the allocator's cache.
 */
class ShardedCrossEntropyTest {
    private static final int SEQUENCE = 4096;
    private static final int TP = 2;
    private static final long VOCAB = 128_256;

    private static StageMemory lastStage() {
        Job job = Fixtures.job(Framework.NANOTRON, new Parallelism(TP, 1, 1, 1, 1, true), TP, 1, 1, SEQUENCE, Sharding.NONE,
                Precision.BF16, Recompute.NONE);
        return MemoryModel.estimate(Fixtures.llama3_8b(), job, MemorySettings.DEFAULTS).stages().getLast();
    }

    @Test
    void nanotronLoss_twoFp32CopiesAllocated_sixteenBitBlockOnlyReserved() {
        StageMemory stage = lastStage();
        long localLogits = SEQUENCE * VOCAB / TP;
        assertThat(stage.bytesOf("logits and loss working set")).isEqualTo(8 * localLogits);
        assertThat(stage.bytesOf("16-bit logits block cached by the allocator")).isEqualTo(2 * localLogits);
        // The cached block is reserved, never allocated: the two counters differ by it and the 5% fragmentation.
        long fragmentation = stage.bytesOf("allocator fragmentation (reserved, not allocated)");
        assertThat(stage.reservedBytes() - stage.allocatedBytes()).isEqualTo(2 * localLogits + fragmentation);
    }
}
