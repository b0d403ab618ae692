package dev.trainplan.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Lists and ranges of whole numbers as people type them: {@code 2240}, {@code 8,16,32}, {@code 256..4096}
 * (every multiple of the step from the start), {@code 256..4096:256}, {@code ..1920} (from the step up);
 * items combine with commas. Counts accept the suffixes of {@link Numbers} (1k, 2M).
 */
final class Ranges {
    /** More values than this is a typing mistake, not a search. */
    static final int MAX_VALUES = 100_000;

    private Ranges() {
    }

    /** The values of {@code text}, ascending and distinct; a bad item is one sentence naming {@code option}. */
    static List<Long> parse(String option, String text, long defaultStep, long max) {
        TreeSet<Long> values = new TreeSet<>();
        for (String raw : text.split(",")) {
            String item = raw.trim();
            try {
                if (item.contains("..")) {
                    range(values, item, defaultStep, max);
                } else {
                    values.add(Numbers.parseCount(item));
                }
            } catch (IllegalArgumentException e) {
                throw new UserInputException(option + " '" + item + "' is not a whole number, a list such as 8,16,32 or a range such as 256..4096 or "
                        + "256..4096:256.");
            }
            if (values.size() > MAX_VALUES) {
                throw new UserInputException(option + " " + text + " has more than " + Format.count(MAX_VALUES) + " values; give a coarser step.");
            }
        }
        for (long v : values) {
            if (v < 1 || v > max) {
                throw new UserInputException(option + " values must be from 1 to " + Format.count(max) + ", not " + v + ".");
            }
        }
        return new ArrayList<>(values);
    }

    static List<Integer> parseInts(String option, String text, long defaultStep, long max) {
        return parse(option, text, defaultStep, max).stream().map(Long::intValue).toList();
    }

    private static void range(TreeSet<Long> values, String item, long defaultStep, long max) {
        String[] bounds = item.split("\\.\\.", -1);
        if (bounds.length != 2) {
            throw new IllegalArgumentException();
        }
        String[] upperAndStep = bounds[1].split(":", -1);
        long step = upperAndStep.length == 2 ? Numbers.parseCount(upperAndStep[1]) : defaultStep;
        long from = bounds[0].isBlank() ? step : Numbers.parseCount(bounds[0]);
        long to = Numbers.parseCount(upperAndStep[0]);
        if (step < 1 || from < 1 || to < from || upperAndStep.length > 2) {
            throw new IllegalArgumentException();
        }
        for (long v = from; v <= to && values.size() <= MAX_VALUES; v += step) {
            values.add(v);
        }
    }
}
