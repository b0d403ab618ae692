package dev.trainplan.formats;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads RFC 4180 CSV (comma-separated, double-quoted fields with {@code ""} for a quote, quoted line
 * breaks, CRLF or LF) with a header row that must name exactly the expected columns, in any order.
 * Blank lines are skipped; a row with a different number of cells than the header is an error. Every
 * error is one sentence naming the source and line.
 */
public final class Csv {
    private Csv() {
    }

    /**
     * The data rows of {@code in}, each keyed by column name in header order.
     *
     * @param source what to call the input in messages, e.g. a file name
     * @param columns the columns the header must hold, no more and no fewer
     */
    public static List<CsvRow> read(Reader in, String source, Collection<String> columns) throws IOException {
        Parser parser = new Parser(in, source);
        List<String> header = parser.record();
        if (header == null) {
            throw new IllegalArgumentException(source + " is empty; it needs a header row with the columns " + String.join(", ", columns) + ".");
        }
        checkHeader(source, header, columns);
        List<CsvRow> rows = new ArrayList<>();
        for (List<String> cells = parser.record(); cells != null; cells = parser.record()) {
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException(source + " line " + parser.recordLine + " has " + cells.size() + " cells but the header has "
                        + header.size() + " columns; quote cells that contain commas.");
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                map.put(header.get(i), cells.get(i));
            }
            rows.add(new CsvRow(source, parser.recordLine, map));
        }
        return List.copyOf(rows);
    }

    private static void checkHeader(String source, List<String> header, Collection<String> columns) {
        Set<String> seen = new LinkedHashSet<>();
        for (String name : header) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException(source + " names the column '" + name + "' twice in its header; each column must appear once.");
            }
        }
        List<String> missing = columns.stream().filter(c -> !seen.contains(c)).toList();
        List<String> unknown = header.stream().filter(c -> !columns.contains(c)).toList();
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException(source + " header " + (missing.isEmpty() ? "" : "lacks " + String.join(", ", missing))
                    + (missing.isEmpty() || unknown.isEmpty() ? "" : " and ") + (unknown.isEmpty() ? "" : "has unknown " + String.join(", ", unknown))
                    + "; the columns are " + String.join(", ", columns) + ".");
        }
    }

    /** A character-at-a-time RFC 4180 state machine; tracks the physical line where each record starts. */
    private static final class Parser {
        private static final int NONE = -2;
        private final Reader in;
        private final String source;
        private int pushedBack = NONE;
        private int line = 1;
        int recordLine;

        Parser(Reader in, String source) throws IOException {
            this.in = in;
            this.source = source;
            int first = in.read();
            pushedBack = first == '\uFEFF' ? NONE : first;
        }

        private int next() throws IOException {
            if (pushedBack != NONE) {
                int c = pushedBack;
                pushedBack = NONE;
                return c;
            }
            return in.read();
        }

        /** The next non-blank record, or null at the end of the input. */
        List<String> record() throws IOException {
            while (true) {
                recordLine = line;
                List<String> cells = new ArrayList<>();
                StringBuilder cell = new StringBuilder();
                int c = next();
                if (c == -1) {
                    return null;
                }
                boolean blank = true;
                while (true) {
                    if (c == '"' && cell.isEmpty()) {
                        quoted(cell);
                        blank = false;
                        c = next();
                        if (c != ',' && c != '\n' && c != '\r' && c != -1) {
                            throw new IllegalArgumentException(source + " line " + line + " has text after a closing quote; "
                                    + "write a quote inside a quoted cell as two quotes.");
                        }
                    }
                    if (c == ',' ) {
                        cells.add(cell.toString());
                        cell.setLength(0);
                        blank = false;
                    } else if (c == '\n' || c == '\r' || c == -1) {
                        endOfLine(c);
                        cells.add(cell.toString());
                        if (!(blank && cells.size() == 1 && cells.get(0).isEmpty())) {
                            return cells;
                        }
                        if (c == -1) {
                            return null;
                        }
                        break;
                    } else if (c == '"') {
                        throw new IllegalArgumentException(source + " line " + line + " has a quote inside an unquoted cell; "
                                + "quote the whole cell and write the quote as two quotes.");
                    } else {
                        cell.append((char) c);
                        blank = false;
                    }
                    c = next();
                }
            }
        }

        private void quoted(StringBuilder cell) throws IOException {
            int start = line;
            while (true) {
                int c = next();
                if (c == -1) {
                    throw new IllegalArgumentException(source + " line " + start + " opens a quoted cell that never closes; add the closing quote.");
                }
                if (c == '"') {
                    int after = next();
                    if (after != '"') {
                        pushedBack = after;
                        return;
                    }
                } else if (c == '\n') {
                    line++;
                }
                cell.append((char) c);
            }
        }

        private void endOfLine(int c) throws IOException {
            if (c == '\r') {
                int after = next();
                if (after != '\n') {
                    pushedBack = after;
                }
            }
            if (c != -1) {
                line++;
            }
        }
    }
}
