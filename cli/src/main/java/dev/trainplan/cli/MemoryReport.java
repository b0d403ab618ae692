package dev.trainplan.cli;

import dev.trainplan.engine.memory.MemoryEstimate;
import dev.trainplan.engine.memory.MemoryItem;
import dev.trainplan.engine.memory.MemoryVerdict;
import dev.trainplan.engine.memory.StageMemory;
import dev.trainplan.engine.memory.Suggestion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** How a memory estimate and its verdict are shown: itemised per pipeline stage, for people and for scripts. */
final class MemoryReport {
    /** Stages shown side by side at most; a deep pipeline shows its first, its last and its worst. */
    private static final int MAX_STAGE_COLUMNS = 4;

    private MemoryReport() {
    }

    static void print(PrintWriter out, MemoryEstimate estimate, MemoryVerdict verdict) {
        List<StageMemory> shown = shownStages(estimate);
        List<String> headers = new ArrayList<>(List.of("item (per device)"));
        shown.forEach(s -> headers.add("stage " + s.stage() + " (layers " + s.firstLayer() + "–" + (s.firstLayer() + s.layers() - 1) + ")"));
        headers.add("source");
        Table t = Table.of(headers.toArray(String[]::new));
        Map<String, String> sources = new LinkedHashMap<>();
        for (StageMemory s : shown) {
            for (MemoryItem i : s.items()) {
                sources.putIfAbsent(i.name(), i.source());
            }
        }
        for (Map.Entry<String, String> item : sources.entrySet()) {
            List<Object> row = new ArrayList<>(List.of(item.getKey()));
            shown.forEach(s -> row.add(s.bytesOf(item.getKey()) == 0 ? "" : Format.gib(s.bytesOf(item.getKey()))));
            row.add(abbreviate(item.getValue()));
            t.row(row.toArray());
        }
        List<Object> total = new ArrayList<>(List.of("peak"));
        shown.forEach(s -> total.add(Format.gib(s.peakBytes())));
        total.add("");
        t.row(total.toArray());
        t.print(out);
        if (estimate.stages().size() > shown.size()) {
            out.println("(" + estimate.stages().size() + " pipeline stages; the first, the last and the worst are shown.)");
        }
        out.println();
        if (verdict.fits()) {
            out.printf(Locale.ROOT, "Fits: peak %s on stage %d of %s per device, %s headroom.%n", Format.gib(verdict.peakBytes()),
                    verdict.worstStage(), Format.gib(verdict.capacityBytes()), Format.gib(verdict.headroomBytes()));
        } else {
            out.printf(Locale.ROOT, "Does NOT fit: stage %d needs %s of %s, %s over. Largest items: %s.%n", verdict.worstStage(),
                    Format.gib(verdict.peakBytes()), Format.gib(verdict.capacityBytes()), Format.gib(verdict.overflowBytes()),
                    String.join(", ", verdict.largestItems().stream().limit(3).map(i -> i.name() + " " + Format.gib(i.bytes())).toList()));
            if (verdict.suggestions().isEmpty()) {
                out.println("No single change makes it fit; try several (more parallelism and recompute and sharding), or 'trainplan plan'.");
            } else {
                out.println("What would make it fit (smallest change first):");
                for (Suggestion s : verdict.suggestions()) {
                    out.printf(Locale.ROOT, "  - %s: peak %s%n", s.description(), Format.gib(s.peakBytes()));
                }
            }
        }
        out.flush();
    }

    private static List<StageMemory> shownStages(MemoryEstimate estimate) {
        List<StageMemory> stages = estimate.stages();
        if (stages.size() <= MAX_STAGE_COLUMNS) {
            return stages;
        }
        List<StageMemory> shown = new ArrayList<>(List.of(stages.getFirst()));
        StageMemory worst = estimate.worstStage();
        if (worst != stages.getFirst() && worst != stages.getLast()) {
            shown.add(worst);
        }
        shown.add(stages.getLast());
        return shown;
    }

    private static String abbreviate(String source) {
        return source.length() <= 70 ? source : source.substring(0, 67) + "...";
    }

    static ObjectNode json(MemoryEstimate estimate, MemoryVerdict verdict) {
        ObjectNode o = Json.object();
        o.put("peakBytesPerDevice", verdict.peakBytes());
        o.put("capacityBytes", verdict.capacityBytes());
        o.put("fits", verdict.fits());
        o.put("headroomBytes", verdict.headroomBytes());
        o.put("worstStage", verdict.worstStage());
        ArrayNode stages = o.putArray("stages");
        for (StageMemory s : estimate.stages()) {
            ObjectNode stage = stages.addObject();
            stage.put("stage", s.stage());
            stage.put("firstLayer", s.firstLayer());
            stage.put("layers", s.layers());
            stage.put("microBatchesInFlight", s.microBatchesInFlight());
            stage.put("peakBytes", s.peakBytes());
            ArrayNode items = stage.putArray("items");
            for (MemoryItem i : s.items()) {
                items.addObject().put("name", i.name()).put("bytes", i.bytes()).put("kind", i.kind().name().toLowerCase(Locale.ROOT))
                        .put("source", i.source());
            }
        }
        ArrayNode suggestions = o.putArray("suggestions");
        for (Suggestion s : verdict.suggestions()) {
            suggestions.addObject().put("change", s.change().id()).put("description", s.description()).put("peakBytes", s.peakBytes());
        }
        return o;
    }
}
