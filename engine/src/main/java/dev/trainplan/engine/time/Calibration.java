package dev.trainplan.engine.time;

import dev.trainplan.engine.job.Framework;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The fitted coefficients of the step model: an {@link Efficiency} per accelerator generation and
 * {@link Overheads} per framework profile, with when and on what they were fitted. Nothing here is per
 * model or per run: the model must predict runs it has never seen.
 *
 * @param fitted the date of the fit (ISO), or "prior" for unfitted datasheet-derived values
 * @param data what the fit used (file, rows, filter)
 */
public record Calibration(String fitted, String data, List<Generation> generations, Map<Framework, Overheads> frameworks,
                          Overheads defaultOverheads) {

    /** An accelerator generation: its coefficients and the catalog ids of the accelerators that belong to it. */
    public record Generation(String id, List<String> accelerators, Efficiency efficiency, String source) {
        public Generation {
            accelerators = List.copyOf(accelerators);
        }
    }

    public Calibration {
        generations = List.copyOf(generations);
        frameworks = Map.copyOf(frameworks);
        Objects.requireNonNull(defaultOverheads, "defaultOverheads");
    }

    public Generation generationOf(String acceleratorId) {
        String id = acceleratorId.toLowerCase(Locale.ROOT);
        for (Generation g : generations) {
            if (g.accelerators().contains(id)) {
                return g;
            }
        }
        throw new IllegalArgumentException("accelerator '" + acceleratorId + "' belongs to no calibrated generation; "
                + "calibrated accelerators are " + generations.stream().flatMap(g -> g.accelerators().stream()).toList() + ".");
    }

    public Efficiency efficiency(String acceleratorId) {
        return generationOf(acceleratorId).efficiency();
    }

    public Overheads overheads(Framework framework) {
        return frameworks.getOrDefault(framework, defaultOverheads);
    }
}
