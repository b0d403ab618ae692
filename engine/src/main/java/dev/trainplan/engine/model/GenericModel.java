package dev.trainplan.engine.model;

import dev.trainplan.engine.job.Require;

/**
 * A network trainplan does not describe layer by layer (CNN, encoder, diffusion model): the user gives
 * its parameter count, forward FLOPs per sample and activation bytes per sample at micro-batch 1.
 */
public record GenericModel(String name, long parameters, double forwardFlopsPerSample, double activationBytesPerSample)
        implements Model {
    public GenericModel {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a generic model needs a name.");
        }
        Require.positive("parameters", parameters, Require.MAX_COUNT);
        Require.positive("forward FLOPs per sample", forwardFlopsPerSample, 1e30);
        Require.nonNegative("activation bytes per sample", activationBytesPerSample, 1e18);
    }

    @Override
    public long activeParameters() {
        return parameters;
    }
}
