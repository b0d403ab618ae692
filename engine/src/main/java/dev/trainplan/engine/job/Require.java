package dev.trainplan.engine.job;

/**
 * Range checks used by the records' compact constructors. Each failure is one sentence that names
 * the field, the value and what would be valid, so faces can print it as it is.
 */
public final class Require {
    /** Large enough for any real job, small enough that products of a few of them stay inside a long. */
    public static final long MAX_COUNT = 1L << 50;

    private Require() {
    }

    public static int positive(String field, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(field + " must be a whole number from 1 to " + max + ", not " + value + ".");
        }
        return value;
    }

    public static long positive(String field, long value, long max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(field + " must be a whole number from 1 to " + max + ", not " + value + ".");
        }
        return value;
    }

    public static double positive(String field, double value, double max) {
        if (!(value > 0) || value > max || Double.isNaN(value)) {
            throw new IllegalArgumentException(field + " must be a number above 0 and at most " + trim(max) + ", not " + trim(value) + ".");
        }
        return value;
    }

    public static double nonNegative(String field, double value, double max) {
        if (!(value >= 0) || value > max) {
            throw new IllegalArgumentException(field + " must be a number from 0 to " + trim(max) + ", not " + trim(value) + ".");
        }
        return value;
    }

    /** {@code a × b}, or a sentence saying the product named {@code what} is too large to count. */
    public static long times(String what, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException(what + " (" + a + " × " + b + ") is too large to count in 64 bits; use smaller sizes.");
        }
    }

    public static String trim(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
