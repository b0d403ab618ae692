package dev.trainplan.engine.plan;

/**
 * The outer choices of a configuration, fixed while the planner walks the inner ones (interleaving,
 * micro-batch, recompute, sharding): what a {@link DeviceMemory} prepares once.
 */
public record Layout(int devices, long globalBatch, int tp, int pp, int cp, int ep, int dp, boolean sequenceParallel) {
}
