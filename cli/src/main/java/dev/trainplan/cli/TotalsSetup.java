package dev.trainplan.cli;

import dev.trainplan.engine.job.AttentionKernel;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Precision;
import dev.trainplan.engine.plan.SearchSpace;
import dev.trainplan.engine.time.Calibration;
import dev.trainplan.engine.time.Overheads;
import dev.trainplan.formats.PublishedRecipe;
import dev.trainplan.formats.TotalsRun;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * What one totals.csv row is predicted with: the row's own facts first, then what a source published about the
 * run (the catalog's recipes.csv, each field cited), and a stated assumption for the rest. The search is held to
 * every published value and left free in the others, where the planner takes the fastest that fits.
 *
 * @param attention the attention kernel a source published, else FlashAttention
 * @param moeAllToAllExposed the published share of the MoE all-to-all left exposed, or NaN for the framework's calibrated one
 * @param published the fields taken from the recipe and the citation of each, in the file's order
 * @param assumptions one phrase for each value neither the row nor a source gives
 */
record TotalsSetup(int devices, int sequenceLength, long globalBatch, Precision precision, Framework framework, AttentionKernel attention,
                   double moeAllToAllExposed, SearchSpace space, Map<String, String> published, List<String> assumptions) {
    /** Llama 1 and 2 trained on 4M-token batches (Touvron et al. 2023); the usual size when a source does not say. */
    static final long TOKENS_PER_BATCH = 4L << 20;
    /**
     * Assumed where neither the row nor a recipe gives a count: LLaMA-1 65B's published 2048 A100 (Touvron et al. 2023
     * sec 2.4). Runs on larger clusters at the same batch have fewer sequences per device and less per-device throughput,
     * so for them this flatters the prediction.
     */
    static final int DEFAULT_DEVICES = 2048;
    static final int DEFAULT_SEQUENCE_LENGTH = 4096;

    static TotalsSetup of(TotalsRun run, PublishedRecipe recipe) {
        List<String> assumptions = new ArrayList<>();
        int devices = first(run.devices(), recipe.devices());
        if (devices == 0) {
            devices = DEFAULT_DEVICES;
            assumptions.add("devices unknown: " + devices);
        }
        int seq = first(run.sequenceLength(), recipe.sequenceLength());
        if (seq == 0) {
            seq = DEFAULT_SEQUENCE_LENGTH;
            assumptions.add("seq_len unknown: " + seq);
        }
        long globalBatch = recipe.globalBatch();
        if (globalBatch == 0) {
            globalBatch = Math.max(1, TOKENS_PER_BATCH / seq);
            assumptions.add("global batch " + globalBatch + " (4M tokens)");
        }
        Precision precision = recipe.precision() != null ? recipe.precision() : Precision.BF16;
        Framework framework = recipe.framework() != null ? recipe.framework() : Framework.MEGATRON;
        SearchSpace space = SearchSpace.of(List.of(devices), List.of(globalBatch));
        space = recipe.tp() == 0 ? space : space.withTp(List.of(recipe.tp()));
        space = recipe.pp() == 0 ? space : space.withPp(List.of(recipe.pp()));
        space = recipe.cp() == 0 ? space : space.withCp(List.of(recipe.cp()));
        space = recipe.ep() == 0 ? space : space.withEp(List.of(recipe.ep()));
        space = recipe.microBatch() == 0 ? space : space.withMicroBatch(List.of(recipe.microBatch()));
        space = recipe.sharding() == null ? space : space.withShardings(EnumSet.of(recipe.sharding()));
        space = recipe.recompute() == null ? space : space.withRecomputes(EnumSet.of(recipe.recompute())).withPartialRecompute(false);
        AttentionKernel attention = recipe.attention() != null ? recipe.attention() : AttentionKernel.FLASH;
        return new TotalsSetup(devices, seq, globalBatch, precision, framework, attention, recipe.moeAllToAllExposed(), space, recipe.sources(),
                List.copyOf(assumptions));
    }

    /** The same setup on another device count, for a row whose published count leaves the planner no layout. */
    TotalsSetup onDevices(int count, String why) {
        List<String> more = new ArrayList<>(assumptions);
        more.add(why);
        return new TotalsSetup(count, sequenceLength, globalBatch, precision, framework, attention, moeAllToAllExposed, space.withDevices(List.of(count)),
                published, List.copyOf(more));
    }

    /** The framework's calibrated overheads, with the all-to-all exposure a source published for this run. */
    Overheads overheads(Calibration calibration) {
        Overheads o = calibration.overheads(framework);
        return Double.isNaN(moeAllToAllExposed) ? o : new Overheads(o.dpOverlap(), o.tpExposed(), moeAllToAllExposed, o.layerHostSeconds(), o.stepSeconds());
    }

    private static int first(int fromRow, int fromRecipe) {
        return fromRow != 0 ? fromRow : fromRecipe;
    }
}
