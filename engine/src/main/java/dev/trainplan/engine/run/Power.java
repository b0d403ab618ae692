package dev.trainplan.engine.run;

import dev.trainplan.engine.job.Require;
import java.util.List;
import java.util.Objects;

/**
 * What the run draws and emits. A device draws {@code TDP × (idle + (1 − idle) × activity)}; each node adds
 * its CPUs, memory, NICs and fans as a share of its devices' TDP for the whole wall time; the facility
 * multiplies by its PUE; the grid's intensity turns energy into CO2e.
 *
 * @param deviceTdpWatts the accelerator's TDP (the catalog's {@code tdp_w}); 0 where none is published, which
 *     leaves the energy at 0
 */
public record Power(double deviceTdpWatts, Assumption idleFraction, Assumption nodeOverheadFraction, Assumption pue,
                    Assumption gramsCo2PerKwh) {
    public Power {
        Require.nonNegative("device TDP watts", deviceTdpWatts, 100_000);
        Objects.requireNonNull(idleFraction, "idleFraction");
        Objects.requireNonNull(nodeOverheadFraction, "nodeOverheadFraction");
        Objects.requireNonNull(pue, "pue");
        Objects.requireNonNull(gramsCo2PerKwh, "gramsCo2PerKwh");
        idleFraction.inRange(0, 1);
        nodeOverheadFraction.inRange(0, 100);
        pue.inRange(1, 10);
        gramsCo2PerKwh.inRange(0, 10_000);
    }

    public static Power of(double deviceTdpWatts) {
        return new Power(deviceTdpWatts, Defaults.IDLE_POWER, Defaults.NODE_OVERHEAD, Defaults.PUE, Defaults.GRID_INTENSITY);
    }

    public Power withIdleFraction(Assumption value) {
        return new Power(deviceTdpWatts, value, nodeOverheadFraction, pue, gramsCo2PerKwh);
    }

    public Power withNodeOverheadFraction(Assumption value) {
        return new Power(deviceTdpWatts, idleFraction, value, pue, gramsCo2PerKwh);
    }

    public Power withPue(Assumption value) {
        return new Power(deviceTdpWatts, idleFraction, nodeOverheadFraction, value, gramsCo2PerKwh);
    }

    public Power withGramsCo2PerKwh(Assumption value) {
        return new Power(deviceTdpWatts, idleFraction, nodeOverheadFraction, pue, value);
    }

    /** One device's draw at {@code activity}, in watts. */
    public double deviceWatts(double activity) {
        return deviceTdpWatts * (idleFraction.value() + (1 - idleFraction.value()) * activity);
    }

    /** The rest of the node's draw, per device, in watts. */
    public double overheadWattsPerDevice() {
        return deviceTdpWatts * nodeOverheadFraction.value();
    }

    List<Assumption> assumptions() {
        return List.of(idleFraction, nodeOverheadFraction, pue, gramsCo2PerKwh);
    }
}
