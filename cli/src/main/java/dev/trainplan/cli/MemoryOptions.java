package dev.trainplan.cli;

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
            + " as separate kernels over the whole square (step time).")
    boolean noFlashAttention;

    MemorySettings settings() {
        MemorySettings s = MemorySettings.DEFAULTS.withOffload(Offload.parse(offload)).withFlashAttention(!noFlashAttention);
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
