package dev.trainplan.formats;

import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.job.Sharding;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a source published about how one complete training of {@code totals.csv} was run: its parallel
 * layout, batch, sequence length, precision, framework. A field the source does not give is 0 (numbers) or
 * null (settings), and whoever predicts the run chooses it. Each given field keeps its citation.
 *
 * @param run the totals.csv row id
 * @param attention the attention kernel the run used (null where no source says: FlashAttention is assumed)
 * @param moeAllToAllExposed the share of the MoE all-to-all a source says stays on the critical path (DeepSeek-V3's
 *     DualPipe: none), or NaN where no source says
 * @param sources the citation of each given field, by its column name in {@code recipes.csv}
 */
public record PublishedRecipe(String run, Framework framework, int devices, int tp, int pp, int cp, int ep, int microBatch, long globalBatch,
                              int sequenceLength, Precision precision, Sharding sharding, Recompute recompute, AttentionKernel attention,
                              double moeAllToAllExposed, Map<String, String> sources) {
    /** Nothing published: every field left to whoever predicts the run. */
    public static PublishedRecipe none(String run) {
        return new PublishedRecipe(run, null, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, Double.NaN, Map.of());
    }

    public PublishedRecipe {
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    public boolean isEmpty() {
        return sources.isEmpty();
    }
}
