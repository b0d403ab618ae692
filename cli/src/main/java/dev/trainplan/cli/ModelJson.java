package dev.trainplan.cli;

import dev.trainplan.engine.job.Recompute;
import dev.trainplan.engine.model.Architecture;
import dev.trainplan.engine.model.AttentionCounting;
import dev.trainplan.engine.model.FlopCount;
import dev.trainplan.engine.model.GenericModel;
import dev.trainplan.engine.model.Model;
import dev.trainplan.engine.model.ParameterCount;
import dev.trainplan.formats.CatalogModel;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code model} object of the JSON outputs ({@code trainplan models NAME --json}, and the
 * {@code model} block of an estimate): counts, and FLOPs per token at one sequence length and recompute.
 */
public final class ModelJson {
    private ModelJson() {
    }

    /**
     * Parameters, active parameters, non-embedding parameters (Kaplan's N: the LM head counts), and FLOPs
     * per token with causal attention: {@code modelFlopsPerToken} (forward + backward, MFU's numerator) and
     * {@code hardwareFlopsPerToken} (plus what {@code recompute} runs again, HFU's).
     */
    public static ObjectNode of(CatalogModel entry, int seqLen, Recompute recompute) {
        Model model = entry.model();
        FlopCount flops = FlopCount.of(model);
        ObjectNode json = Json.object();
        json.put("id", entry.id());
        json.put("family", entry.family());
        json.put("source", entry.source());
        json.put("parameters", model.parameters());
        json.put("activeParameters", model.activeParameters());
        json.put("nonEmbeddingParameters", model instanceof Architecture a ? a.parameterCount().nonEmbedding() : model.parameters());
        json.put("seqLen", seqLen);
        json.put("recompute", recompute.id());
        json.put("attentionCounting", AttentionCounting.CAUSAL.id());
        json.put("modelFlopsPerToken", flops.modelFlopsPerToken(seqLen));
        json.put("hardwareFlopsPerToken", flops.hardwareFlopsPerToken(seqLen, recompute));
        json.set("flopsPerToken", breakdown(flops.breakdown(seqLen, recompute, AttentionCounting.CAUSAL)));
        json.set("flopsPerTokenFullAttention", breakdown(flops.breakdown(seqLen, recompute, AttentionCounting.FULL)));
        switch (model) {
            case Architecture a -> json.set("architecture", architecture(a));
            case GenericModel g -> {
                json.put("forwardFlopsPerSample", g.forwardFlopsPerSample());
                json.put("activationBytesPerSample", g.activationBytesPerSample());
            }
        }
        return json;
    }

    private static ObjectNode breakdown(FlopCount.Breakdown b) {
        ObjectNode json = Json.object();
        json.put("forwardGemm", b.forwardGemm());
        json.put("forwardAttention", b.forwardAttention());
        json.put("forwardLogits", b.forwardLogits());
        json.put("forward", b.forward());
        json.put("backward", b.backward());
        json.put("recompute", b.recompute());
        json.put("model", b.model());
        json.put("hardware", b.hardware());
        return json;
    }

    private static ObjectNode architecture(Architecture a) {
        ObjectNode json = Json.object();
        json.put("layers", a.layers());
        json.put("hidden", a.hidden());
        json.put("heads", a.heads());
        json.put("kvHeads", a.kvHeads());
        json.put("headDim", a.headDim());
        json.put("ffnHidden", a.ffnHidden());
        json.put("gated", a.gated());
        json.put("vocab", a.vocab());
        json.put("tiedEmbeddings", a.tiedEmbeddings());
        json.put("norm", a.norm().id());
        json.put("mtpLayers", a.mtpLayers());
        ParameterCount p = a.parameterCount();
        ObjectNode parts = json.putObject("parameterParts");
        parts.put("embedding", p.embedding());
        parts.put("head", p.head());
        parts.put("positions", p.positions());
        parts.put("denseLayer", p.denseLayer());
        parts.put("denseLayers", p.denseLayers());
        parts.put("moeLayerNonExpert", p.moeLayerNonExpert());
        parts.put("expert", p.expertParameters());
        parts.put("moeLayers", p.moeLayers());
        parts.put("mtp", p.mtp());
        parts.put("finalNorm", p.finalNorm());
        if (a.moe().enabled()) {
            ObjectNode moe = json.putObject("moe");
            moe.put("experts", a.moe().experts());
            moe.put("topK", a.moe().topK());
            moe.put("expertFfnHidden", a.moe().expertFfnHidden());
            moe.put("sharedExperts", a.moe().sharedExperts());
            moe.put("denseLayers", a.moe().denseLayers());
        }
        if (a.mla().enabled()) {
            ObjectNode mla = json.putObject("mla");
            mla.put("qLoraRank", a.mla().qLoraRank());
            mla.put("kvLoraRank", a.mla().kvLoraRank());
            mla.put("qkNopeHeadDim", a.mla().qkNopeHeadDim());
            mla.put("qkRopeHeadDim", a.mla().qkRopeHeadDim());
            mla.put("vHeadDim", a.mla().vHeadDim());
        }
        return json;
    }
}
