package dev.trainplan.formats;

import dev.trainplan.engine.model.Architecture;

/**
 * A complete published training of {@code totals.csv}: the model, the accelerator, the tokens, and the
 * published device-hours and/or wall days. No parallel configuration is published.
 *
 * @param devices devices of the run, or 0 where the source does not say
 * @param sequenceLength training sequence length, or 0 where not published
 * @param measuredDeviceHours NaN where not published
 * @param measuredWallDays NaN where not published
 */
public record TotalsRun(String id, String source, Architecture model, double publishedBillions, String accelerator, int devices,
                        long trainTokens, int sequenceLength, double measuredDeviceHours, double measuredWallDays, String notes) {
    public boolean hasDeviceHours() {
        return !Double.isNaN(measuredDeviceHours);
    }

    public boolean hasWallDays() {
        return !Double.isNaN(measuredWallDays);
    }
}
