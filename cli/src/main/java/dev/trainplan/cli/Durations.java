package dev.trainplan.cli;

import dev.trainplan.formats.Decimals;
import java.util.Locale;

/** Durations as people type them: 30d, 12h, 90m, 45min, 3600s, 2w. */
final class Durations {
    private Durations() {
    }

    static double seconds(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String number = t.replaceAll("[a-z]+$", "");
        String unit = t.substring(number.length());
        double scale = switch (unit) {
            case "s", "sec", "seconds" -> 1;
            case "m", "min", "minutes" -> 60;
            case "h", "hours" -> 3600;
            case "d", "days" -> 86400;
            case "w", "weeks" -> 7 * 86400;
            default -> Double.NaN;
        };
        double value;
        try {
            value = Decimals.parse(number.trim());
        } catch (IllegalArgumentException e) {
            value = Double.NaN;
        }
        if (!(value > 0) || Double.isNaN(scale) || !(value * scale < 1e12)) {
            throw new UserInputException(option + " '" + text + "' is not a duration such as 30d, 12h, 90m or 3600s.");
        }
        return value * scale;
    }
}
