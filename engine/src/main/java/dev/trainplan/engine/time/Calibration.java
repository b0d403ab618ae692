package dev.trainplan.engine.time;

import dev.trainplan.engine.comm.Collectives;
import dev.trainplan.engine.comm.CommConstants;
import dev.trainplan.engine.hardware.ClusterHardware;
import dev.trainplan.engine.job.Framework;
import dev.trainplan.engine.job.Require;
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

    /**
     * An accelerator generation: its coefficients, the bus efficiencies its collectives reach on the
     * scale-up fabric and on the per-device NIC share (priors: {@link CommConstants#PRIORS}), and the
     * catalog ids of the accelerators that belong to it.
     */
    public record Generation(String id, List<String> accelerators, Efficiency efficiency, double scaleUpEfficiency,
                             double scaleOutEfficiency, String source) {
        public Generation {
            accelerators = List.copyOf(accelerators);
            Require.positive("scale-up efficiency", scaleUpEfficiency, 1);
            Require.positive("scale-out efficiency", scaleOutEfficiency, 1);
        }

        /** The collective model's constants with this generation's link efficiencies. */
        public CommConstants comm() {
            CommConstants p = CommConstants.PRIORS;
            return p.withScaleUp(p.scaleUp().withPeak(scaleUpEfficiency)).withScaleOut(p.scaleOut().withPeak(scaleOutEfficiency));
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

    /** The collectives of a cluster, at its accelerator generation's fitted link efficiencies. */
    public Collectives collectives(ClusterHardware hardware) {
        return Collectives.of(hardware, generationOf(hardware.accelerator().id()).comm());
    }

    public Overheads overheads(Framework framework) {
        return frameworks.getOrDefault(framework, defaultOverheads);
    }
}
