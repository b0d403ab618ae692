package dev.trainplan.formats;

import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.memory.LossKernel;
import dev.trainplan.engine.memory.MemoryEstimate;
import dev.trainplan.engine.memory.MemorySettings;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the notes of a published run say about its memory: which PyTorch counter was measured, which loss
 * kernel ran, and the HBM of the part that actually ran where it is not the catalog part's.
 */
public final class ValidationMemory {
    /** "pytorch 2.7.0a0…", "torch 2.8.0a0…", or a bare commit "torch 1963fc8 (2024-12-23)" (group 1 empty: before 2.8). */
    private static final Pattern TORCH_VERSION = Pattern.compile("(?:py)?torch (?:2\\.(\\d+)|[0-9a-f]{7} \\(2024)");
    private static final Pattern STATED_HBM = Pattern.compile("with (\\d+)GB HBM");
    private static final double GIB = 1L << 30;

    /** Which PyTorch counter a row measured; nanotron's figure does not say, so it is either. */
    public enum Counter { ALLOCATED, RESERVED, EITHER }

    private ValidationMemory() {
    }

    public static Counter counter(ValidationRun run) {
        String notes = run.notes().toLowerCase(Locale.ROOT);
        if (notes.contains("max_memory_allocated")) {
            return Counter.ALLOCATED;
        }
        return notes.contains("whether allocated or reserved is not stated") ? Counter.EITHER : Counter.RESERVED;
    }

    /**
     * The settings a row states: a fused cross-entropy (SimuMax's TE runs), and the loss torchtitan ran
     * at the row's version: eager FP32 up to torch 2.7 (Dec 2024 and early-2025 tables), compiled with
     * the model from torch 2.8 (mid 2025) on, which is the profile's default.
     */
    public static MemorySettings settings(ValidationRun run) {
        String notes = run.notes().toLowerCase(Locale.ROOT);
        if (notes.contains("fused cross-entropy")) {
            return MemorySettings.DEFAULTS.withLossKernel(LossKernel.FUSED);
        }
        AttentionKernel attention = attentionKernel(run);
        if (!attention.flash()) {
            return MemorySettings.DEFAULTS.withAttention(attention);
        }
        Matcher torch = TORCH_VERSION.matcher(notes);
        boolean before28 = torch.find() && (torch.group(1) == null || Integer.parseInt(torch.group(1)) < 8);
        if (run.framework() == Framework.TORCHTITAN && before28) {
            return MemorySettings.DEFAULTS.withLossKernel(LossKernel.EAGER_FP32);
        }
        return MemorySettings.DEFAULTS;
    }

    /**
     * The attention a row ran. Unfused, materialising the {@code s × s} scores: runs published before FlashAttention
     * (May 2022: Megatron-LM 2020 and SC'21, MT-NLG, Korthikanti et al., BLOOM) and Megatron-DeepSpeed's (vTrain), where
     * {@code --use-flash-attn} is opt-in and the rows do not set it; with the attention dropout of 0.1 that Megatron's
     * GPT recipes kept, except BLOOM, which trained with none ({@code attention_dropout 0.0} in bigscience/bloom's
     * config.json). FlashAttention otherwise, and wherever the notes name it.
     */
    static AttentionKernel attentionKernel(ValidationRun run) {
        if (run.notes().toLowerCase(Locale.ROOT).contains("flash")) {
            return AttentionKernel.FLASH;
        }
        return UNFUSED_ATTENTION.entrySet().stream().filter(e -> run.id().startsWith(e.getKey())).map(Map.Entry::getValue).findFirst()
                .orElse(AttentionKernel.FLASH);
    }

    /** The id prefixes of the rows that ran unfused attention, and how. */
    private static final Map<String, AttentionKernel> UNFUSED_ATTENTION = Map.of("mlm2020-", AttentionKernel.UNFUSED_DROPOUT,
            "msc21-", AttentionKernel.UNFUSED_DROPOUT, "mtnlg-", AttentionKernel.UNFUSED_DROPOUT, "korth-", AttentionKernel.UNFUSED_DROPOUT,
            "vtrain-", AttentionKernel.UNFUSED_DROPOUT, "bloom-", AttentionKernel.UNFUSED);

    /** The HBM the notes say the part that ran had (e.g. Grand Teton's 96 GB H100), if they say. */
    public static OptionalDouble statedCapacityBytes(ValidationRun run) {
        Matcher stated = STATED_HBM.matcher(run.notes());
        return stated.find() ? OptionalDouble.of(Double.parseDouble(stated.group(1)) * GIB) : OptionalDouble.empty();
    }

    /** The prediction of the counter the row measured; for EITHER, the nearer end of [allocated, reserved]. */
    public static double predictedBytes(ValidationRun run, MemoryEstimate estimate) {
        double allocated = estimate.allocatedPeakBytes();
        double reserved = estimate.reservedPeakBytes();
        return switch (counter(run)) {
            case ALLOCATED -> allocated;
            case RESERVED -> reserved;
            case EITHER -> Math.clamp(run.measuredMemoryGib() * GIB, allocated, reserved);
        };
    }
}
