package dev.trainplan.engine.job;

import java.util.List;

/**
 * The software that runs the job. It decides how steps are counted (HF Trainer, DeepSpeed, Megatron,
 * Lightning, plain torchrun + DistributedSampler) and which efficiency profile the step time uses.
 */
public enum Framework implements Named {
    HF, DEEPSPEED, MEGATRON, LIGHTNING, TORCHRUN, TORCHTITAN, LLM_FOUNDRY, MAXTEXT, NANOTRON;

    @Override
    public List<String> aliases() {
        return switch (this) {
            case HF -> List.of("transformers", "hf-trainer", "trainer", "accelerate");
            case MEGATRON -> List.of("megatron-lm", "megatron-core", "nemo");
            case LIGHTNING -> List.of("pytorch-lightning", "pl");
            case TORCHRUN -> List.of("ddp", "pytorch", "torch");
            case LLM_FOUNDRY -> List.of("composer", "mosaic");
            default -> List.of();
        };
    }

    /** The label users know the framework by. */
    public String displayName() {
        return switch (this) {
            case HF -> "HF Trainer";
            case DEEPSPEED -> "DeepSpeed";
            case MEGATRON -> "Megatron";
            case LIGHTNING -> "Lightning";
            case TORCHRUN -> "torchrun + DistributedSampler";
            case TORCHTITAN -> "torchtitan";
            case LLM_FOUNDRY -> "llm-foundry";
            case MAXTEXT -> "MaxText";
            case NANOTRON -> "nanotron";
        };
    }

    /**
     * Whether the framework's default attention is the vendor-tuned fused kernel rather than a FlashAttention-2-class
     * one: Megatron-Core and NeMo run Transformer Engine's DotProductAttention, which prefers cuDNN fused attention on
     * Hopper and later; MaxText runs cuDNN flash attention through Transformer Engine on GPUs and Splash attention on
     * TPUs. The PyTorch-native stacks (torchtitan, HF, DeepSpeed, llm-foundry, nanotron, Lightning) call flash-attn 2
     * or PyTorch SDPA.
     */
    public boolean tunedAttention() {
        return this == MEGATRON || this == MAXTEXT;
    }

    /**
     * Whether the backward of a column-parallel linear launches its input-gradient all-reduce (reduce-scatter under
     * sequence parallelism) asynchronously and computes the weight gradient meanwhile, and re-gathers its
     * sequence-parallel input behind the input-gradient GEMM: Megatron-LM's
     * {@code LinearWithGradAccumulationAndAsyncCommunication} (default since 2022, relying on
     * {@code CUDA_DEVICE_MAX_CONNECTIONS=1} to queue the collective first), and so NeMo and Megatron-Bridge. The other
     * PyTorch stacks (DTensor in torchtitan, nanotron's synchronous default, HF) wait for each collective. DeepSpeed's
     * tensor parallelism (Megatron-DeepSpeed) is taken as waiting: which Megatron-LM version a published fork run carried
     * is not recorded, and its runs in runs.csv (vTrain, BLOOM) fit worse with the overlap (leave-one-family-out 18.0 %
     * against 17.6 %).
     */
    public boolean overlapsTensorParallelBackward() {
        return this == MEGATRON;
    }

    /**
     * Whether weight gradients accumulate inside the weight-gradient GEMM rather than in a separate pass per
     * micro-batch: Megatron's gradient-accumulation fusion writes into the FP32 main gradient with β = 1, and XLA
     * fuses the add into the dot's output (MaxText). The PyTorch stacks add each micro-batch's gradients in autograd.
     */
    public boolean fusesGradientAccumulation() {
        return this == MEGATRON || this == MAXTEXT;
    }

    /**
     * The sharding whose traffic a step of {@code pp} stages moves. Under pipeline parallelism torchtitan's FSDP (ZeRO-3)
     * gathers a stage's parameters once per step and keeps them, and reduce-scatters its gradients once, after the last
     * micro-batch (its default {@code reshard_after_forward} policy keeps parameters gathered when pipelining, and
     * torch.distributed.pipelining turns gradient sync off for all but the last micro-batch): ZeRO-2's traffic, with the
     * gradients accumulated unsharded. Elsewhere ZeRO-3 gathers and reduce-scatters for every micro-batch.
     */
    public Sharding shardTraffic(Sharding sharding, int pp) {
        return sharding == Sharding.ZERO3 && pp > 1 && this == TORCHTITAN ? Sharding.ZERO2 : sharding;
    }

    /**
     * Whether a pipeline hop without sequence parallelism is split over the tensor-parallel ranks, each sending 1/tp
     * of the (identical) activations over its own link and all-gathering them on arrival: Megatron's scatter/gather
     * optimisation (Narayanan et al. 2021 §4.1).
     */
    public boolean scattersPipelineSends() {
        return this == MEGATRON;
    }

    public static Framework parse(String text) {
        return Named.parse(Framework.class, "framework", text);
    }
}
