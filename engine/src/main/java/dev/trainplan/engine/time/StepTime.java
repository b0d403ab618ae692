package dev.trainplan.engine.time;

/**
 * The predicted time of one optimizer step and what follows from it.
 *
 * @param tokensPerSecondPerDevice global batch × sequence length / step seconds / devices
 * @param modelFlopsPerToken training FLOPs per token the maths needs (forward + backward, causal attention)
 * @param hardwareFlopsPerToken the FLOPs the devices execute per token, recomputation included
 * @param mfu model FLOPs utilisation against the dense peak of the GEMM precision
 * @param hfu hardware FLOPs utilisation against the same peak
 */
public record StepTime(double stepSeconds, Breakdown breakdown, double tokensPerSecondPerDevice, double modelFlopsPerToken,
                       double hardwareFlopsPerToken, double mfu, double hfu) {
}
