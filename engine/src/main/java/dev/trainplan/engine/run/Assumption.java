package dev.trainplan.engine.run;

import dev.trainplan.engine.job.Require;
import java.util.Objects;

/**
 * One figure the run model assumes rather than derives, with where it comes from, so that
 * {@code --explain} can print it and a user can replace it. A replaced figure keeps its name and unit
 * and says that the user gave it.
 *
 * @param name what the figure is, in words ("unexpected failure rate")
 * @param value the figure in {@code unit}
 * @param unit the unit, spelled out ("failures per device-hour")
 * @param source the publication, measurement or reasoning behind the value
 */
public record Assumption(String name, double value, String unit, String source) {
    public static final String USER_GIVEN = "given by the user";

    public Assumption {
        requireText("assumption name", name);
        requireText("unit of " + name, unit);
        requireText("source of " + name, source);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, not " + value + ".");
        }
    }

    private static void requireText(String field, String text) {
        Objects.requireNonNull(text, field);
        if (text.isBlank()) {
            throw new IllegalArgumentException(field + " is blank; give a few words.");
        }
    }

    /** The same figure with the user's value in place of the default. */
    public Assumption withValue(double newValue) {
        return new Assumption(name, newValue, unit, USER_GIVEN);
    }

    public boolean userGiven() {
        return USER_GIVEN.equals(source);
    }

    /** The value, or a sentence naming the figure, its value and its valid range. */
    double inRange(double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be from " + trim(min) + " to " + trim(max) + " " + unit + ", not " + trim(value) + ".");
        }
        return value;
    }

    /** The value, or a sentence naming the figure if it is not above 0. */
    double positive(double max) {
        if (!(value > 0 && value <= max)) {
            throw new IllegalArgumentException(name + " must be above 0 and at most " + trim(max) + " " + unit + ", not " + trim(value) + ".");
        }
        return value;
    }

    private static String trim(double v) {
        return Require.trim(v);
    }
}
