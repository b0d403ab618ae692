package dev.trainplan.formats;

import java.util.regex.Pattern;

/** Numbers as people write them in files and on command lines: plain decimals with an optional exponent. */
public final class Decimals {
    /** Java's own parser would also take hex, "Infinity", "NaN" and a trailing "d" or "f". */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private Decimals() {
    }

    /** The value of {@code text} (surrounding spaces ignored), or NaN if it is not a plain decimal. */
    public static double parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        return DECIMAL.matcher(trimmed).matches() ? Double.parseDouble(trimmed) : Double.NaN;
    }
}
