package dev.trainplan.engine.memory;

import dev.trainplan.engine.job.Framework;

/**
 * How a framework holds model states and activations by default. Each choice names the code path it
 * follows, so a number in an estimate can be traced to the framework's behaviour.
 */
enum Profile {
    /** Megatron-LM / NeMo with Transformer Engine: 16-bit params, a contiguous main-grad buffer, the optimizer's FP32 master. */
    MEGATRON(StateLayout.MASTER_IN_OPTIMIZER, SelectivePolicy.CORE_ATTENTION, LossKernel.VOCAB_PARALLEL_FP32, true, false),
    /** DeepSpeed ZeRO (and Megatron-DeepSpeed): 16-bit params and grads, FP32 grad partition, FP32 master. */
    DEEPSPEED(StateLayout.DEEPSPEED, SelectivePolicy.CORE_ATTENTION, LossKernel.VOCAB_PARALLEL_FP32, true, false),
    /** torchtitan: FSDP2 with FP32 sharded params as the master, per-op selective checkpointing, loss compiled with the model. */
    TORCHTITAN(StateLayout.FP32_PARAMS, SelectivePolicy.OP_SAVE_LIST, LossKernel.COMPILED, true, false),
    /** nanotron (v0.5, the Ultra-Scale Playbook runs): 16-bit params, DDP 16-bit grads, an FP32 grad accumulator, FP32
     * master; eager GLU; column-parallel layers save their all-gathered input; sharded FP32 loss. */
    NANOTRON(StateLayout.FP32_ACCUMULATOR, SelectivePolicy.CORE_ATTENTION, LossKernel.SHARDED_FP32_COPIES, false, false),
    /** HF Trainer, Lightning, plain torchrun, llm-foundry, MaxText: autocast over FP32 params, DDP buckets, eager loss. */
    EAGER(StateLayout.FP32_PARAMS, SelectivePolicy.CORE_ATTENTION, LossKernel.EAGER_FP32, false, true);

    enum StateLayout { MASTER_IN_OPTIMIZER, DEEPSPEED, FP32_PARAMS, FP32_ACCUMULATOR }

    enum SelectivePolicy { CORE_ATTENTION, OP_SAVE_LIST }

    final StateLayout layout;
    final SelectivePolicy selective;
    final LossKernel loss;
    /** The gated MLP's activation is fused and recomputed in backward (saves gate+up and the product only). */
    final boolean fusedGatedActivation;
    /** torch DDP without gradient_as_bucket_view keeps a second copy of the gradients in its buckets. */
    final boolean ddpBucketCopy;
    /** nanotron before {@code tp_recompute_allgather}: column-parallel linears keep the all-gathered input for backward. */
    final boolean savesGatheredGemmInputs;

    Profile(StateLayout layout, SelectivePolicy selective, LossKernel loss, boolean fusedGatedActivation, boolean ddpBucketCopy) {
        this.layout = layout;
        this.selective = selective;
        this.loss = loss;
        this.fusedGatedActivation = fusedGatedActivation;
        this.ddpBucketCopy = ddpBucketCopy;
        this.savesGatheredGemmInputs = layout == StateLayout.FP32_ACCUMULATOR;
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
