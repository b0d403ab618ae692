package dev.trainplan.engine.comm;

import dev.trainplan.engine.job.Require;

/**
 * The share of a link's one-direction bandwidth a collective achieves, as a function of the bytes each
 * rank moves over that link: {@code peak · x / (x + halfSaturationBytes)}. Large transfers approach
 * {@code peak} (protocol, encoding and synchronisation losses); small ones are dominated by filling the
 * pipeline of chunks, which costs about {@code halfSaturationBytes / (peak · bandwidth)} seconds whatever
 * the size. A later calibration may replace either figure.
 */
public record LinkEfficiency(double peak, double halfSaturationBytes) {
    /** In-switch reduction (NVLS, SHARP) reaches more than the wire speed in busbw terms: 482 of 450 GB/s on 8×H200. */
    public static final double MAX_PEAK = 2;
    public static final double MAX_HALF_SATURATION_BYTES = 1e12;

    public LinkEfficiency {
        Require.positive("link peak efficiency", peak, MAX_PEAK);
        Require.nonNegative("link half-saturation bytes", halfSaturationBytes, MAX_HALF_SATURATION_BYTES);
    }

    /** Achieved fraction of the link's bandwidth when each rank moves {@code trafficBytes} over it. */
    public double efficiency(double trafficBytes) {
        return trafficBytes <= 0 ? 0 : peak * trafficBytes / (trafficBytes + halfSaturationBytes);
    }

    /** Seconds to move {@code trafficBytes} per rank over a link of {@code bytesPerSecond}; 0 when nothing moves, infinite on an unknown (0) link. */
    public double seconds(double trafficBytes, double bytesPerSecond) {
        return trafficBytes <= 0 ? 0 : (trafficBytes + halfSaturationBytes) / (peak * bytesPerSecond);
    }

    public LinkEfficiency withPeak(double newPeak) {
        return new LinkEfficiency(newPeak, halfSaturationBytes);
    }

    public LinkEfficiency withHalfSaturationBytes(double bytes) {
        return new LinkEfficiency(peak, bytes);
    }
}
