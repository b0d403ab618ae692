/**
 * The planner: searches every configuration of parallelism, micro-batch, interleaving, recompute and
 * sharding (optionally the number of devices and the global batch) for the fastest, the cheapest, or the
 * Pareto front of time, cost and devices, and says why it chose what it chose. Memory is checked first
 * and micro-batches above one that overflows are pruned in bulk; step times come from
 * {@link dev.trainplan.engine.time.StagedStepTime}, whose innermost stage is arithmetic only; layouts are
 * searched in parallel on every core.
 */
package dev.trainplan.engine.plan;
