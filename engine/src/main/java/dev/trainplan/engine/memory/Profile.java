package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Framework;

/**
 * How a framework holds model states and activations by default. Each choice names the code path it
 * follows, so a number in an estimate can be traced to the framework's behaviour.
 */
enum Profile {
    /** Megatron-LM / NeMo with Transformer Engine: 16-bit params, a contiguous main-grad buffer, the optimizer's FP32 master. */
    MEGATRON(StateLayout.MASTER_IN_OPTIMIZER, SelectivePolicy.CORE_ATTENTION, Loss.VOCAB_PARALLEL_FP32, true, false, LayerSplit.EVEN_FIRST_HEAVIER),
    /** DeepSpeed ZeRO (and Megatron-DeepSpeed): 16-bit params and grads, FP32 grad partition, FP32 master. */
    DEEPSPEED(StateLayout.DEEPSPEED, SelectivePolicy.CORE_ATTENTION, Loss.VOCAB_PARALLEL_FP32, true, false, LayerSplit.EVEN_FIRST_HEAVIER),
    /** torchtitan: FSDP2 with FP32 sharded params as the master, per-op selective checkpointing, eager FP32 loss. */
    TORCHTITAN(StateLayout.FP32_PARAMS, SelectivePolicy.OP_SAVE_LIST, Loss.EAGER_FP32, true, false, LayerSplit.REMAINDER_LAST),
    /** nanotron: 16-bit params, DDP 16-bit grads, an FP32 grad accumulator, FP32 master; eager GLU; sharded FP32 loss. */
    NANOTRON(StateLayout.FP32_ACCUMULATOR, SelectivePolicy.CORE_ATTENTION, Loss.SHARDED_FP32_COPIES, false, false, LayerSplit.COST_GREEDY),
    /** HF Trainer, Lightning, plain torchrun, llm-foundry, MaxText: autocast over FP32 params, DDP buckets, eager loss. */
    EAGER(StateLayout.FP32_PARAMS, SelectivePolicy.CORE_ATTENTION, Loss.EAGER_FP32, false, true, LayerSplit.EVEN_FIRST_HEAVIER);

    enum StateLayout { MASTER_IN_OPTIMIZER, DEEPSPEED, FP32_PARAMS, FP32_ACCUMULATOR }

    enum SelectivePolicy { CORE_ATTENTION, OP_SAVE_LIST }

    enum LayerSplit { EVEN_FIRST_HEAVIER, REMAINDER_LAST, COST_GREEDY }

    /** Bytes live per logit at the loss's peak, with every stored activation still held. */
    enum Loss {
        FUSED(2, "fused cross-entropy on the 16-bit logits, gradient written in place (TE / --cross-entropy-loss-fusion)"),
        VOCAB_PARALLEL_FP32(6, "Megatron vocab-parallel cross-entropy: 16-bit logits + FP32 copy whose softmax becomes the gradient"),
        SHARDED_FP32_COPIES(10, "nanotron sharded cross-entropy: 16-bit logits + FP32 copy + FP32 max-shifted copy"),
        EAGER_FP32(12, "eager cross-entropy on FP32 logits: log_softmax output + nll gradient + log_softmax gradient live in backward");

        final int bytesPerLogit;
        final String source;

        Loss(int bytesPerLogit, String source) {
            this.bytesPerLogit = bytesPerLogit;
            this.source = source;
        }
    }

    final StateLayout layout;
    final SelectivePolicy selective;
    final Loss loss;
    /** The gated MLP's activation is fused and recomputed in backward (saves gate+up and the product only). */
    final boolean fusedGatedActivation;
    /** torch DDP without gradient_as_bucket_view keeps a second copy of the gradients in its buckets. */
    final boolean ddpBucketCopy;
    final LayerSplit layerSplit;

    Profile(StateLayout layout, SelectivePolicy selective, Loss loss, boolean fusedGatedActivation, boolean ddpBucketCopy, LayerSplit layerSplit) {
        this.layout = layout;
        this.selective = selective;
        this.loss = loss;
        this.fusedGatedActivation = fusedGatedActivation;
        this.ddpBucketCopy = ddpBucketCopy;
        this.layerSplit = layerSplit;
    }

    static Profile of(Framework framework) {
        return switch (framework) {
            case MEGATRON -> MEGATRON;
            case DEEPSPEED -> DEEPSPEED;
            case TORCHTITAN -> TORCHTITAN;
            case NANOTRON -> NANOTRON;
            case HF, LIGHTNING, TORCHRUN, LLM_FOUNDRY, MAXTEXT -> EAGER;
        };
    }
}
