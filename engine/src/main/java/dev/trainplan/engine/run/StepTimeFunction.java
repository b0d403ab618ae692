package dev.trainplan.engine.run;

/** The step-time model as the run model sees it: a step's figures at a global batch and sequence length. */
@FunctionalInterface
public interface StepTimeFunction {
    StepFigures at(long globalBatch, int sequenceLength);
}
