package dev.trainplan.cli;

import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.AttentionCounting;
import dev.trainplan.engine.model.FlopCount;
import dev.trainplan.engine.model.GenericModel;
import dev.trainplan.engine.model.ParameterCount;
import dev.trainplan.formats.CatalogModel;
import dev.trainplan.formats.ModelCatalog;
import dev.trainplan.formats.ModelFiles;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code trainplan models [NAME|FILE]}: the catalog, or one model's parameters and FLOPs per token. */
@Command(name = "models", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {
            "Lists the built-in models with their parameter counts, or shows one model (a catalog id, a Hugging Face",
            "config.json or a trainplan model YAML file): its parameters by part and its training FLOPs per token."})
final class ModelsCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "NAME|FILE", description = "The model to show; omit it to list the catalog.")
    String name;

    @Option(names = "--seq-len", paramLabel = "TOKENS", defaultValue = "4096",
            description = "Sequence length for the FLOPs per token (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--recompute", paramLabel = "none|selective|full", defaultValue = "none",
            description = "Activation recomputation for the hardware FLOPs (default: ${DEFAULT-VALUE}).")
    String recompute;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelCatalog catalog = ModelCatalog.builtIn();
        if (name == null) {
            list(catalog, out);
            return 0;
        }
        Recompute mode;
        try {
            mode = Recompute.parse(recompute);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--" + e.getMessage(), e);
        }
        CatalogModel entry = ModelFiles.resolve(name, catalog, "model");
        // Checked here too so that a bad --seq-len names the option rather than the engine's field.
        if (seqLen < 1 || seqLen > 1 << 24) {
            throw new UserInputException("--seq-len must be a whole number from 1 to " + (1 << 24) + ", not " + seqLen + ".");
        }
        if (json) {
            Json.print(out, ModelJson.of(entry, seqLen, mode));
        } else {
            show(entry, mode, out);
        }
        return 0;
    }

    private void list(ModelCatalog catalog, PrintWriter out) {
        if (json) {
            ArrayNode all = Json.mapper().createArrayNode();
            for (CatalogModel m : catalog.all()) {
                ObjectNode o = all.addObject();
                o.put("id", m.id());
                o.put("family", m.family());
                o.put("parameters", m.model().parameters());
                o.put("activeParameters", m.model().activeParameters());
                o.put("source", m.source());
            }
            Json.print(out, all);
            return;
        }
        Table table = Table.of("id", "family", "params", "active", "layers", "hidden", "heads/kv", "vocab", "source");
        for (CatalogModel m : catalog.all()) {
            if (m.model() instanceof Architecture a) {
                table.row(m.id(), m.family(), count(a.parameters()), count(a.activeParameters()), a.layers(), a.hidden(),
                        a.heads() + "/" + a.kvHeads(), a.vocab(), m.source());
            } else {
                table.row(m.id(), m.family(), count(m.model().parameters()), count(m.model().activeParameters()), "", "", "", "",
                        m.source());
            }
        }
        table.print(out);
        out.println(catalog.all().size() + " models; 'trainplan models NAME' shows one, with FLOPs per token.");
        out.flush();
    }

    private void show(CatalogModel entry, Recompute mode, PrintWriter out) {
        out.println(entry.id() + (entry.family().isEmpty() ? "" : "  (" + entry.family() + ")"));
        out.println("source: " + entry.source());
        if (!entry.notes().isEmpty()) {
            out.println("notes:  " + entry.notes());
        }
        Table parts = Table.of("parameters", "count");
        switch (entry.model()) {
            case Architecture a -> {
                out.println("shape:  " + shape(a));
                ParameterCount p = a.parameterCount();
                parts.row("total", exact(p.total())).row("active per token", exact(p.active()))
                        .row("non-embedding (LM head counts)", exact(p.nonEmbedding()))
                        .row("token embedding", exact(p.embedding())).row("LM head (untied)", exact(p.head()))
                        .row("position embedding", exact(p.positions()))
                        .row("dense layer × " + p.denseLayers(), exact(p.denseLayer()));
                if (p.moeLayers() > 0) {
                    parts.row("MoE layer without experts × " + p.moeLayers(), exact(p.moeLayerNonExpert()))
                            .row("one routed expert × " + p.experts() + " per layer", exact(p.expertParameters()));
                }
                if (p.mtpLayers() > 0) {
                    parts.row("MTP module × " + p.mtpLayers(), exact(p.mtpLayer()));
                }
            }
            case GenericModel g -> parts.row("total", exact(g.parameters()))
                    .row("forward FLOPs per sample", flops(g.forwardFlopsPerSample()))
                    .row("activation bytes per sample", exact(Math.round(g.activationBytesPerSample())));
        }
        out.println();
        parts.print(out);
        out.println();
        flopTable(FlopCount.of(entry.model()), mode, entry.model() instanceof Architecture).print(out);
        out.println("Causal counts half of QKᵀ and AV (Megatron-LM, FlashAttention); full counts all of them (PaLM, "
                + "torchtitan, Megatron papers). Backward = 2 × forward.");
        out.flush();
    }

    /** A generic model's forward is one figure; a transformer's splits into layer GEMMs, attention scores and logits. */
    private Table flopTable(FlopCount f, Recompute mode, boolean transformer) {
        FlopCount.Breakdown causal = f.breakdown(seqLen, mode, AttentionCounting.CAUSAL);
        FlopCount.Breakdown full = f.breakdown(seqLen, mode, AttentionCounting.FULL);
        Table t = Table.of("FLOPs per token at seq-len " + seqLen, "causal", "full attention");
        if (transformer) {
            t.row("forward: layer GEMMs", flops(causal.forwardGemm()), flops(full.forwardGemm()));
            t.row("forward: attention scores", flops(causal.forwardAttention()), flops(full.forwardAttention()));
            t.row("forward: logits", flops(causal.forwardLogits()), flops(full.forwardLogits()));
        } else {
            t.row("forward", flops(causal.forward()), flops(full.forward()));
        }
        t.row("backward", flops(causal.backward()), flops(full.backward()));
        t.row("model (forward + backward)", flops(causal.model()), flops(full.model()));
        t.row("recompute " + mode.id(), flops(causal.recompute()), flops(full.recompute()));
        t.row("hardware", flops(causal.hardware()), flops(full.hardware()));
        return t;
    }

    private static String shape(Architecture a) {
        StringBuilder s = new StringBuilder();
        s.append(a.layers()).append(" layers, hidden ").append(a.hidden()).append(", ").append(a.heads()).append(" heads");
        if (a.mla().enabled()) {
            s.append(" (MLA: q rank ").append(a.mla().qLoraRank()).append(", kv rank ").append(a.mla().kvLoraRank()).append(")");
        } else {
            s.append(" (").append(a.kvHeads()).append(" KV, head_dim ").append(a.headDim()).append(")");
        }
        s.append(", ffn ").append(a.ffnHidden()).append(a.gated() ? " gated" : "").append(", vocab ").append(a.vocab())
                .append(a.tiedEmbeddings() ? " tied" : " untied").append(", ").append(a.norm().id());
        if (a.moe().enabled()) {
            s.append(", MoE ").append(a.moe().experts()).append(" experts top-").append(a.moe().topK()).append(" of width ")
                    .append(a.moe().expertFfnHidden());
            if (a.moe().sharedExperts() > 0) {
                s.append(" + ").append(a.moe().sharedExperts()).append(" shared");
            }
            if (a.moe().denseLayers() > 0) {
                s.append(" after ").append(a.moe().denseLayers()).append(" dense layers");
            }
        }
        return s.toString();
    }

    private static String exact(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** 3 significant figures with K/M/B/T, for the list. */
    static String count(long value) {
        String[] units = {"", "K", "M", "B", "T"};
        double v = value;
        int u = 0;
        while (v >= 999.5 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v >= 99.95 ? "%.0f%s" : v >= 9.995 ? "%.1f%s" : "%.2f%s", v, units[u]);
    }

    static String flops(double value) {
        String[] units = {"FLOP", "kFLOP", "MFLOP", "GFLOP", "TFLOP", "PFLOP", "EFLOP"};
        double v = value;
        int u = 0;
        while (Math.abs(v) >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }
}
