package dev.trainplan.engine.steps;

import dev.trainplan.engine.job.Framework;
import java.util.List;

/**
 * The integers of a training run as one framework counts them.
 *
 * @param dataloaderLengthPerRank batches one rank's dataloader yields per epoch (rank 0 where ranks differ)
 * @param updateStepsPerEpoch optimizer steps in one full epoch; where accumulation windows straddle
 *     epochs (DeepSpeed's global counter, Megatron's sample-based count) the whole updates of one epoch's data
 * @param epochs epochs the training loop starts (HF's {@code num_train_epochs} after rounding up)
 * @param microStepsPerRank forward/backward passes one rank runs over the whole run
 * @param samplesSeenPerEpoch samples processed in one full epoch, summed over ranks, duplicates included
 * @param droppedSamplesPerEpoch samples of the dataset not processed in a full epoch
 * @param paddedSamplesPerEpoch samples processed twice in a full epoch to even out ranks or batches
 * @param samplesSeenTotal samples processed over the whole run, summed over ranks
 * @param warmupSteps HF learning-rate warmup steps, or -1 when none was asked for
 * @param notes warnings and framework-specific remarks, one sentence each
 * @param derivation the chain of formulas with the user's numbers, in order
 */
public record StepCount(Framework framework, int worldSize, int dataParallel, long globalBatch, int microBatch,
                        int gradientAccumulation, long dataloaderLengthPerRank, long updateStepsPerEpoch,
                        long totalUpdateSteps, long epochs, long microStepsPerRank, long samplesSeenPerEpoch,
                        long droppedSamplesPerEpoch, long paddedSamplesPerEpoch, long samplesSeenTotal,
                        long warmupSteps, List<String> notes, List<Derivation> derivation) {
    public StepCount {
        notes = List.copyOf(notes);
        derivation = List.copyOf(derivation);
    }
}
