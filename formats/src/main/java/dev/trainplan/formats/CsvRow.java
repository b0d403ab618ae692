package dev.trainplan.formats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One data row of a CSV file: its cells by column, and where it came from so a bad cell can be
 * reported as "file line N, column c". Cells are kept as written; the accessors trim and convert.
 */
public record CsvRow(String source, int line, Map<String, String> cells) {
    public CsvRow {
        cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
    }

    /** The trimmed cell; an empty one is an error naming the column. */
    public String text(String column) {
        String value = optionalText(column);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(where(column) + " is empty; it needs a value.");
        }
        return value;
    }

    /** The trimmed cell, possibly empty. */
    public String optionalText(String column) {
        String value = cells.get(column);
        if (value == null) {
            throw new IllegalArgumentException(source + " has no column " + column + ".");
        }
        return value.strip();
    }

    public double number(String column) {
        return parse(column, text(column));
    }

    /** The number in the cell, or {@code ifEmpty} where the cell is empty (not published, not applicable). */
    public double number(String column, double ifEmpty) {
        String text = optionalText(column);
        return text.isEmpty() ? ifEmpty : parse(column, text);
    }

    public int wholeNumber(String column) {
        String text = text(column);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where(column) + " is '" + text + "', not a whole number.");
        }
    }

    private double parse(String column, String text) {
        double value = Decimals.parse(text);
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(where(column) + " is '" + text + "', not a number.");
        }
        return value;
    }

    private String where(String column) {
        return source + " line " + line + ", column " + column + ",";
    }
}
