package dev.trainplan.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Printing engine quantities (bytes, bytes/s, FLOP/s) in the units people read. */
final class Units {
    static final double TERA = 1e12;
    static final double GIGA = 1e9;
    static final double GIB = 1L << 30;
    /** Bytes per second in one Gb/s. */
    static final double GIGABIT_BYTES = 1e9 / 8;

    private Units() {
    }

    /** At most three decimals, no trailing zeros, no exponent: 989, 494.5, 2.039, 79.15. */
    static String plain(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** {@link #plain} of {@code value / unit}, or empty where the value is 0 (not published or unsupported). */
    static String orBlank(double value, double unit) {
        return value > 0 ? plain(value / unit) : "";
    }
}
