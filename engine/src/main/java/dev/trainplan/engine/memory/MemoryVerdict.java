package dev.trainplan.engine.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether a job fits on its devices, by how much, which items are the largest on the worst stage and,
 * when it does not fit, the smallest change of each kind that makes it fit (re-estimated, smallest
 * first).
 *
 * <p>{@code capacityBytes} is the device memory the driver reports as total ({@code torch.cuda
 * .mem_get_info()[1]}, {@code nvidia-smi}'s total). Without a measurement, take the published capacity
 * as GiB (HBM stacks are binary-sized: an "80 GB" H100 is 80 GiB of DRAM, of which the driver exposes
 * slightly less, an A100-80GB 79.15 GiB; B200's 180 GB is what NVIDIA lists as available) — see
 * {@code hardware-notes.md} §3. Do not subtract the CUDA context or NCCL: the estimate itemises them.
 *
 * @param headroomBytes capacity minus peak: negative is the overflow
 * @param worstStage the pipeline stage with the highest peak
 * @param largestItems the worst stage's five largest items
 * @param suggestions fitting changes, smallest first; empty when the job fits
 */
public record MemoryVerdict(long capacityBytes, long peakBytes, boolean fits, long headroomBytes, int worstStage,
                            List<MemoryItem> largestItems, List<Suggestion> suggestions) {
    private static final int LARGEST = 5;

    public MemoryVerdict {
        largestItems = List.copyOf(largestItems);
        suggestions = List.copyOf(suggestions);
    }

    public static MemoryVerdict of(MemoryEstimate estimate, long capacityBytes) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("device capacity must be above 0 bytes, not " + capacityBytes + ".");
        }
        StageMemory worst = estimate.worstStage();
        long peak = worst.peakBytes();
        boolean fits = peak <= capacityBytes;
        List<Suggestion> suggestions = fits ? List.of() : suggestions(estimate, capacityBytes);
        return new MemoryVerdict(capacityBytes, peak, fits, capacityBytes - peak, worst.stage(), worst.largestItems(LARGEST), suggestions);
    }

    public long overflowBytes() {
        return Math.max(0, -headroomBytes);
    }

    /** The smallest fitting change of each kind, smallest first (fewest steps, then {@link Suggestion.Change} order). */
    private static List<Suggestion> suggestions(MemoryEstimate estimate, long capacityBytes) {
        List<Suggestion> best = new ArrayList<>();
        for (Suggestion candidate : Candidates.all(estimate.model(), estimate.job(), estimate.settings())) {
            if (best.stream().anyMatch(s -> s.change() == candidate.change())) {
                continue;
            }
            long peak = MemoryModel.of(estimate.model(), candidate.settings()).peakBytes(candidate.job());
            if (peak <= capacityBytes) {
                best.add(candidate.withPeak(peak));
            }
        }
        best.sort(Comparator.comparingInt(Suggestion::steps).thenComparing(Suggestion::change));
        return best;
    }
}
