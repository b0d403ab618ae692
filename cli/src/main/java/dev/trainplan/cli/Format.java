package dev.trainplan.cli;

import java.util.Locale;

/** How numbers are printed for people: thousands separators, binary GiB for memory, decimal rates. */
public final class Format {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private Format() {
    }

    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    public static String gib(double bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / GIB);
    }

    public static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** A signed percentage that is already in percent: +3.2%, -14.0%. */
    public static String signedPercent(double percent) {
        return String.format(Locale.ROOT, "%+.1f%%", percent);
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** A duration in the largest unit that keeps it readable: 41.2 ms, 3.5 s, 12.4 min, 5.2 h, 34.1 days. */
    public static String duration(double seconds) {
        if (seconds < 1) {
            return String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        if (seconds < 3 * 86400) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        }
        return String.format(Locale.ROOT, "%.1f days", seconds / 86400);
    }
}
