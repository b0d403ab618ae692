package dev.trainplan.cli;

import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.job.Named;
import dev.trainplan.engine.memory.FineTuning;
import dev.trainplan.engine.memory.MemorySettings;
import dev.trainplan.engine.memory.Offload;
import picocli.CommandLine.Option;

/** Memory settings that are not part of the job: fine-tuning mode, offload, attention kernel. */
public final class MemoryOptions {
    @Option(names = "--lora-rank", paramLabel = "R", description = "Fine-tune with LoRA adapters of rank R (frozen 16-bit base).")
    Integer loraRank;

    @Option(names = "--qlora", description = "With --lora-rank: QLoRA, the frozen base in 4-bit NF4.")
    boolean qlora;

    @Option(names = "--lora-targets", paramLabel = "T", description = "query-value, attention or all-linear. Default: ${DEFAULT-VALUE}.", defaultValue = "all-linear")
    String loraTargets;

    @Option(names = "--offload", paramLabel = "WHAT", description = "none, optimizer (ZeRO-Offload) or optimizer-and-params. Default: ${DEFAULT-VALUE}.", defaultValue = "none")
    String offload;

    @Option(names = "--no-flash-attention", description = "Eager attention, as before FlashAttention: the s² scores are materialised (memory) and QKᵀ, softmax and AV run"
            + " as separate kernels over the whole square (step time). Same as --attention unfused.")
    boolean noFlashAttention;

    @Option(names = "--attention", paramLabel = "KERNEL", description = "The attention kernel: flash (the framework's own: cuDNN through Transformer Engine for"
            + " Megatron/NeMo and MaxText, flash-attn 2 or SDPA for the PyTorch stacks), fa2 (flash-attn 2, SDPA), tuned (cuDNN/TE, FlashAttention-3,"
            + " Splash), unfused, unfused-dropout (GPT-era attention and hidden dropout). Default: ${DEFAULT-VALUE}.", defaultValue = "flash")
    String attention;

    /** The attention kernel the options name; {@code --no-flash-attention} is {@code --attention unfused}. */
    AttentionKernel kernel() {
        AttentionKernel kernel = Named.parse(AttentionKernel.class, "--attention", attention);
        if (noFlashAttention && kernel.flash() && kernel != AttentionKernel.FLASH) {
            throw new IllegalArgumentException("--no-flash-attention contradicts --attention " + attention + "; give one of them.");
        }
        return noFlashAttention && kernel.flash() ? AttentionKernel.UNFUSED : kernel;
    }

    MemorySettings settings() {
        MemorySettings s = MemorySettings.DEFAULTS.withOffload(Offload.parse(offload)).withAttention(kernel());
        if (qlora && loraRank == null) {
            throw new IllegalArgumentException("--qlora needs --lora-rank, the rank of the adapters (e.g. 16).");
        }
        if (loraRank != null) {
            FineTuning.LoraTargets targets = FineTuning.LoraTargets.parse(loraTargets);
            s = s.withFineTuning(qlora ? new FineTuning.Qlora(loraRank, targets) : new FineTuning.Lora(loraRank, targets));
        }
        return s;
    }
}
