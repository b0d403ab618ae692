package dev.trainplan.engine.time;

import dev.trainplan.engine.job.Require;

/**
 * What a framework adds to the device's physics: how much of the data-parallel gradient traffic hides
 * under the backward pass, how much of the tensor-parallel traffic is exposed, the host time to launch
 * one layer's kernels (a floor under small layers), and a fixed cost per optimizer step (data loading,
 * logging, gradient-norm checks, synchronisation).
 *
 * @param dpOverlap fraction of the last micro-batch's backward (or, for ZeRO-3, of each micro-batch's
 *     compute) that gradient reduction and parameter gathering can hide under
 * @param tpExposed fraction of tensor-parallel collective time on the critical path
 * @param epExposed fraction of the MoE all-to-all time on the critical path (Megatron's EP overlap and
 *     DeepSeek's DualPipe hide part of it under the other micro-batch's compute)
 * @param layerHostSeconds host time to launch one layer's forward kernels
 * @param stepSeconds fixed seconds per optimizer step
 */
public record Overheads(double dpOverlap, double tpExposed, double epExposed, double layerHostSeconds, double stepSeconds) {
    public Overheads {
        Require.nonNegative("dp overlap", dpOverlap, 1);
        Require.nonNegative("tp exposed fraction", tpExposed, 1);
        Require.nonNegative("ep exposed fraction", epExposed, 1);
        Require.nonNegative("layer host seconds", layerHostSeconds, 1);
        Require.nonNegative("step overhead seconds", stepSeconds, 3600);
    }

    /** Overheads with the MoE all-to-all fully exposed (no overlap), the prior. */
    public Overheads(double dpOverlap, double tpExposed, double layerHostSeconds, double stepSeconds) {
        this(dpOverlap, tpExposed, 1, layerHostSeconds, stepSeconds);
    }
}
