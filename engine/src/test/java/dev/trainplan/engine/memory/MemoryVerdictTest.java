package dev.trainplan.engine.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import dev.trainplan.engine.job.Parallelism;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import java.util.Comparator;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MemoryVerdictTest {
    private static final long H100 = 80 * Fixtures.GIB;
    private static final MemoryModel LLAMA = MemoryModel.of(Fixtures.llama3_8b(), MemorySettings.DEFAULTS);

    private static Job ddp(int micro, Recompute recompute) {
        return Fixtures.job(Framework.TORCHRUN, Parallelism.NONE, 8, micro, 8L * micro * 4, 4096, Sharding.NONE, Precision.BF16, recompute);
    }

    @Test
    void verdict_jobThatFits_reportsHeadroomAndNoSuggestions() {
        Job job = Fixtures.job(Framework.MEGATRON, Parallelism.of(2, 1, 1), 8, 1, 64, 4096, Sharding.ZERO1, Precision.BF16, Recompute.SELECTIVE);
        MemoryVerdict verdict = MemoryVerdict.of(LLAMA.estimate(job), H100);
        assertThat(verdict.fits()).isTrue();
        assertThat(verdict.headroomBytes()).isEqualTo(H100 - verdict.peakBytes()).isPositive();
        assertThat(verdict.overflowBytes()).isZero();
        assertThat(verdict.suggestions()).isEmpty();
        assertThat(verdict.largestItems()).hasSize(5).isSortedAccordingTo(Comparator.comparingLong(MemoryItem::bytes).reversed());
    }

    @Test
    void verdict_fullDdpEightBillionOnEightyGigabytes_overflowsAndEverySuggestionFits() {
        MemoryEstimate estimate = LLAMA.estimate(ddp(1, Recompute.FULL));
        MemoryVerdict verdict = MemoryVerdict.of(estimate, H100);
        assertThat(verdict.fits()).isFalse();
        assertThat(verdict.overflowBytes()).isEqualTo(estimate.peakBytesPerDevice() - H100);
        assertThat(verdict.largestItems().getFirst().bytes()).isEqualTo(estimate.worstStage().largestItems(1).getFirst().bytes());
        assertThat(verdict.suggestions()).isNotEmpty().isSortedAccordingTo(Comparator.comparingInt(Suggestion::steps));
        for (Suggestion s : verdict.suggestions()) {
            assertThat(s.peakBytes()).as(s.description()).isLessThanOrEqualTo(H100);
            assertThat(MemoryModel.of(estimate.model(), s.settings()).estimate(s.job()).peakBytesPerDevice()).isEqualTo(s.peakBytes());
            assertThat(s.job().batch().globalBatch()).as(s.description()).isEqualTo(estimate.job().batch().globalBatch());
        }
        assertThat(verdict.suggestions()).extracting(Suggestion::change).contains(Suggestion.Change.SHARDING);
    }

    @Test
    void verdict_activationBoundJob_suggestsSmallerMicroBatchWithMoreAccumulation() {
        Job job = Fixtures.job(Framework.MEGATRON, new Parallelism(2, 1, 1, 1, 1, true), 8, 8, 64, 4096, Sharding.ZERO1, Precision.BF16, Recompute.NONE);
        MemoryVerdict verdict = MemoryVerdict.of(LLAMA.estimate(job), H100);
        assertThat(verdict.fits()).isFalse();
        Suggestion micro = verdict.suggestions().stream().filter(s -> s.change() == Suggestion.Change.MICRO_BATCH).findFirst().orElseThrow();
        int smaller = micro.job().batch().microBatch();
        assertThat(smaller).isLessThan(8);
        assertThat(micro.job().batch().gradientAccumulation() * smaller).isEqualTo(job.batch().gradientAccumulation() * 8);
        for (int larger = smaller + 1; larger < 8; larger++) {
            if (8 % larger == 0) {
                Job notChosen = Candidates.withMicroBatch(job, larger, job.batch().gradientAccumulation() * 8 / larger);
                assertThat(LLAMA.peakBytes(notChosen)).as("micro-batch %d does not fit", larger).isGreaterThan(H100);
            }
        }
    }

    @Test
    void maxMicroBatch_largestThatFits_nextOneDoesNot() {
        Job job = Fixtures.job(Framework.MEGATRON, Parallelism.of(2, 1, 1), 8, 1, 64, 4096, Sharding.ZERO1, Precision.BF16, Recompute.SELECTIVE);
        OptionalInt max = LLAMA.maxMicroBatch(job, H100);
        assertThat(max).isPresent();
        int m = max.getAsInt();
        int ga = job.batch().gradientAccumulation();
        assertThat(LLAMA.peakBytes(Candidates.withMicroBatch(job, m, ga))).isLessThanOrEqualTo(H100);
        assertThat(LLAMA.peakBytes(Candidates.withMicroBatch(job, m + 1, ga))).isGreaterThan(H100);
    }

    @Test
    void maxMicroBatch_nothingFits_isEmpty() {
        assertThat(LLAMA.maxMicroBatch(ddp(1, Recompute.FULL), 10 * Fixtures.GIB)).isEmpty();
    }

    @Test
    void verdict_zeroCapacity_isRejectedWithTheValue() {
        assertThatThrownBy(() -> MemoryVerdict.of(LLAMA.estimate(ddp(1, Recompute.NONE)), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 bytes");
    }
}
