package dev.trainplan.formats;

import dev.trainplan.engine.comm.CommConstants;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.time.Calibration;
import dev.trainplan.engine.time.Efficiency;
import dev.trainplan.engine.time.Overheads;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and writes the step model's coefficients ({@code catalog/.../calibration.yaml}). Strict: an
 * unknown key is an error, so a typo cannot silently leave a coefficient at its default.
 */
public final class CalibrationFile {
    private static final String BUILT_IN = "/dev/trainplan/catalog/calibration.yaml";
    private static final String PRIORS = "/dev/trainplan/catalog/calibration-priors.yaml";
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    record GenerationEntry(String id, List<String> accelerators, double gemm, double gemmFp8, double gemmHalfFlops,
                           double attention, Double attentionTuned, double memory, Double scaleUp, Double scaleOut, String source) {
    }

    record OverheadsEntry(double dpOverlap, double tpExposed, Double epExposed, double layerHostSeconds, double stepSeconds) {
    }

    record FileEntry(String fitted, String data, List<GenerationEntry> generations, Map<String, OverheadsEntry> frameworks) {
    }

    private CalibrationFile() {
    }

    /** The fitted coefficients that ship with trainplan. */
    public static Calibration builtIn() {
        return resource(BUILT_IN);
    }

    /** The datasheet-derived priors a fit starts from and is pulled toward. */
    public static Calibration priors() {
        return resource(PRIORS);
    }

    private static Calibration resource(String path) {
        try (InputStream in = CalibrationFile.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the built-in calibration " + path + " is missing from the classpath.");
            }
            return read(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8), path.substring(path.lastIndexOf('/') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Calibration read(Reader in, String what) {
        FileEntry file;
        try {
            file = YAML.readValue(in, FileEntry.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(what + " is not a valid calibration file: " + e.getOriginalMessage() + ".");
        }
        if (file == null || file.generations() == null || file.frameworks() == null || !file.frameworks().containsKey("default")) {
            throw new IllegalArgumentException(what + " needs 'generations' and 'frameworks' with a 'default' entry.");
        }
        List<Calibration.Generation> generations = new ArrayList<>();
        for (GenerationEntry g : file.generations()) {
            // Link efficiencies default to the collective model's priors, the tuned attention kernel to the portable one
            // (a file from before they were fitted).
            CommConstants priors = CommConstants.PRIORS;
            generations.add(new Calibration.Generation(g.id(), g.accelerators(),
                    new Efficiency(g.gemm(), g.gemmFp8(), g.gemmHalfFlops(), g.attention(),
                            g.attentionTuned() == null ? g.attention() : g.attentionTuned(), g.memory()),
                    g.scaleUp() == null ? priors.scaleUp().peak() : g.scaleUp(),
                    g.scaleOut() == null ? priors.scaleOut().peak() : g.scaleOut(), g.source()));
        }
        Map<Framework, Overheads> frameworks = new LinkedHashMap<>();
        Overheads fallback = null;
        for (Map.Entry<String, OverheadsEntry> e : file.frameworks().entrySet()) {
            OverheadsEntry o = e.getValue();
            Overheads overheads = new Overheads(o.dpOverlap(), o.tpExposed(), o.epExposed() == null ? 1 : o.epExposed(), o.layerHostSeconds(),
                    o.stepSeconds());
            if (e.getKey().equals("default")) {
                fallback = overheads;
            } else {
                frameworks.put(Framework.parse(e.getKey()), overheads);
            }
        }
        return new Calibration(file.fitted(), file.data(), generations, frameworks, fallback);
    }

    public static String write(Calibration c, String header) {
        List<GenerationEntry> generations = new ArrayList<>();
        for (Calibration.Generation g : c.generations()) {
            Efficiency e = g.efficiency();
            generations.add(new GenerationEntry(g.id(), g.accelerators(), round(e.gemm()), round(e.gemmFp8()), round(e.gemmHalfFlops()),
                    round(e.attention()), round(e.attentionTuned()), round(e.memory()), round(g.scaleUpEfficiency()), round(g.scaleOutEfficiency()), g.source()));
        }
        Map<String, OverheadsEntry> frameworks = new LinkedHashMap<>();
        frameworks.put("default", entry(c.defaultOverheads()));
        c.frameworks().forEach((f, o) -> frameworks.put(f.id(), entry(o)));
        return header + YAML.writeValueAsString(new FileEntry(c.fitted(), c.data(), generations, frameworks));
    }

    private static OverheadsEntry entry(Overheads o) {
        return new OverheadsEntry(round(o.dpOverlap()), round(o.tpExposed()), round(o.epExposed()), round(o.layerHostSeconds()), round(o.stepSeconds()));
    }

    private static double round(double v) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", v));
    }
}
