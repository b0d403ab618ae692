package dev.trainplan.engine.plan;

/** Why a configuration of the search space was not a candidate. */
public enum Rejection {
    TP_HEADS("tp does not divide the attention heads, the KV heads or the FFN width"),
    TP_NODE("tp spans more than one node"),
    PP_LAYERS("pp does not divide the layers"),
    CP_SEQUENCE("the sequence does not split into 2 × cp equal chunks"),
    CP_ATTENTION("context parallelism needs a fused attention kernel (FlashAttention, Transformer Engine)"),
    EP_EXPERTS("ep does not divide the experts"),
    EP_LAYOUT("expert tp × ep × pp does not divide the devices"),
    BATCH_DP("the global batch is not divisible by dp"),
    BATCH_MICRO("the global batch is not divisible by micro-batch × dp"),
    VP_LAYERS("pp × vp does not divide the layers"),
    VP_MICROBATCHES("interleaving needs the micro-batches per step to be a multiple of pp"),
    OUT_OF_MEMORY("out of memory"),
    NO_LINK("needs a link whose bandwidth is unknown (the scale-out network?)"),
    DEADLINE("misses the deadline"),
    BUDGET("over the budget");

    private final String reason;

    Rejection(String reason) {
        this.reason = reason;
    }

    /** The rule or limit, as a clause: "pp does not divide the layers". */
    public String reason() {
        return reason;
    }

    /** Whether the configuration's memory and step time were determined before it was rejected. */
    public boolean evaluated() {
        return this == NO_LINK || this == DEADLINE || this == BUDGET;
    }
}
