package dev.trainplan.engine.steps;

import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Job;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Counts a job's batches, steps and samples exactly as its framework does (see
 * {@code shared/reference/framework-semantics.md}), and says where the other frameworks would count the
 * same inputs differently.
 */
public final class StepCounter {
    /** The frameworks whose step counting trainplan reproduces; the others count like a torchrun loop. */
    public static final Set<Framework> EXACT = EnumSet.of(Framework.HF, Framework.DEEPSPEED, Framework.MEGATRON,
            Framework.LIGHTNING, Framework.TORCHRUN);

    private StepCounter() {
    }

    public static StepCount count(Job job) {
        Counting c = new Counting(job);
        return switch (job.framework()) {
            case HF, LIGHTNING -> FlushLoopCount.count(c);
            case DEEPSPEED -> DeepSpeedCount.count(c);
            case MEGATRON -> MegatronCount.count(c);
            default -> {
                if (job.framework() != Framework.TORCHRUN) {
                    c.note(job.framework().displayName() + " is counted like a torchrun loop (DistributedSampler, DataLoader, "
                            + "one optimizer step per gradient_accumulation micro-batches with an end-of-epoch flush).");
                }
                yield FlushLoopCount.count(c);
            }
        };
    }

    /**
     * The run's optimizer steps grouped by global batch, in order: Megatron's ramp-up or step schedule
     * as it walks it, and one phase for every other framework, whose batch is constant. Rejects what
     * {@link #count} rejects.
     */
    public static List<BatchPhase> batchPhases(Job job) {
        StepCount count = count(job);
        return job.framework() == Framework.MEGATRON
                ? MegatronCount.phases(job)
                : List.of(new BatchPhase(count.globalBatch(), count.totalUpdateSteps()));
    }

    /**
     * One sentence per other exact framework whose count of the same inputs differs from {@code count}'s
     * (optimizer steps, micro-steps or samples), or says why it would reject them.
     */
    public static List<String> differences(Job job, StepCount count) {
        List<String> lines = new ArrayList<>();
        for (Framework other : EXACT) {
            if (other == job.framework()) {
                continue;
            }
            StepCount theirs;
            try {
                theirs = count(job.toBuilder().framework(other).loading(portable(job, other)).build());
            } catch (IllegalArgumentException | IllegalStateException rejected) {
                lines.add(other.displayName() + " would reject these inputs: " + rejected.getMessage());
                continue;
            }
            List<String> parts = new ArrayList<>();
            if (theirs.totalUpdateSteps() != count.totalUpdateSteps()) {
                parts.add(theirs.totalUpdateSteps() + " optimizer steps instead of " + count.totalUpdateSteps());
            }
            if (theirs.microStepsPerRank() != count.microStepsPerRank()) {
                parts.add(theirs.microStepsPerRank() + " micro-steps per rank instead of " + count.microStepsPerRank());
            }
            if (theirs.samplesSeenPerEpoch() != count.samplesSeenPerEpoch()) {
                parts.add(theirs.samplesSeenPerEpoch() + " samples per epoch instead of " + count.samplesSeenPerEpoch()
                        + " (" + theirs.paddedSamplesPerEpoch() + " padded, " + theirs.droppedSamplesPerEpoch() + " dropped)");
            }
            if (!parts.isEmpty()) {
                lines.add(other.displayName() + " would count " + String.join(", ", parts) + ": " + reason(other) + ".");
            }
        }
        return lines;
    }

    /** Settings that belong to one framework are dropped when asking another how it would count. */
    private static dev.trainplan.engine.job.Loading portable(Job job, Framework other) {
        var l = job.loading();
        return new dev.trainplan.engine.job.Loading(l.dropLast(), other == Framework.TORCHRUN && l.samplerDropLast(),
                l.evenBatches(), other == Framework.HF && l.splitBatches(), other == Framework.LIGHTNING ? l.limitTrainBatches() : 0,
                other == Framework.LIGHTNING && l.limitIsCount(), l.decreaseBatchSizeIfNeeded(), l.warmupSteps());
    }

    private static String reason(Framework f) {
        return switch (f) {
            case HF -> "accelerate shards whole batches and tops up the last ones, and each epoch flushes its partial accumulation";
            case DEEPSPEED -> "its accumulation counter is global, so windows straddle epochs and trailing micro-batches are never applied";
            case MEGATRON -> "it floors epochs × samples / global batch over the whole run";
            case LIGHTNING -> "its DistributedSampler pads at most one sample per rank and each epoch flushes its partial accumulation";
            default -> "DistributedSampler pads at most one sample per rank";
        };
    }
}
