package dev.trainplan.formats;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 4180 CSV with a header row: quoted fields may hold commas, doubled quotes and line breaks.
 * Each record becomes an unmodifiable map from header to cell, in column order; a record whose cell
 * count differs from the header's is an error naming the line.
 */
public final class Csv {
    private Csv() {
    }

    public static List<Map<String, String>> read(Reader in, String what) {
        List<List<String>> records = parse(in, what);
        if (records.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty; it needs a header row.");
        }
        List<String> header = records.getFirst();
        List<Map<String, String>> rows = new ArrayList<>(records.size() - 1);
        for (int r = 1; r < records.size(); r++) {
            List<String> cells = records.get(r);
            if (cells.size() == 1 && cells.getFirst().isEmpty()) {
                continue;
            }
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException(what + " record " + r + " has " + cells.size() + " cells but the header has "
                        + header.size() + " columns.");
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), cells.get(c));
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        return List.copyOf(rows);
    }

    /** Checks that every column in {@code required} is in the header of {@code rows}' source. */
    public static void requireColumns(List<Map<String, String>> rows, List<String> required, String what) {
        if (rows.isEmpty()) {
            return;
        }
        List<String> missing = required.stream().filter(c -> !rows.getFirst().containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(what + " has no column " + String.join(", ", missing) + "; see the schema for the columns it needs.");
        }
    }

    private static List<List<String>> parse(Reader in, String what) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        try {
            int ch = in.read();
            if (ch == '\uFEFF') {
                ch = in.read();
            }
            for (; ch != -1; ch = in.read()) {
                char c = (char) ch;
                if (quoted) {
                    if (c == '"') {
                        quoted = false;
                        afterQuote = true;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    if (afterQuote) {
                        cell.append('"');
                    }
                    quoted = true;
                    afterQuote = false;
                } else if (c == ',') {
                    record.add(cell.toString());
                    cell.setLength(0);
                    afterQuote = false;
                } else if (c == '\n') {
                    record.add(cell.toString());
                    cell.setLength(0);
                    records.add(record);
                    record = new ArrayList<>();
                    afterQuote = false;
                } else if (c != '\r') {
                    cell.append(c);
                    afterQuote = false;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + what + ": " + e.getMessage(), e);
        }
        if (quoted) {
            throw new IllegalArgumentException(what + " ends inside a quoted cell; a closing \" is missing.");
        }
        if (cell.length() > 0 || !record.isEmpty()) {
            record.add(cell.toString());
            records.add(record);
        }
        return records;
    }
}
