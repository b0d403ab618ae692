package dev.trainplan.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    private static final List<String> COLUMNS = List.of("id", "value", "note");

    private static List<CsvRow> read(String text) throws IOException {
        return Csv.read(new StringReader(text), "t.csv", COLUMNS);
    }

    @Test
    void read_plainRows_keysCellsByHeaderInHeaderOrder() throws IOException {
        List<CsvRow> rows = read("note,id,value\nn1,a,1\nn2,b,2\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).cells()).containsExactly(java.util.Map.entry("note", "n1"), java.util.Map.entry("id", "a"),
                java.util.Map.entry("value", "1"));
        assertThat(rows.get(1).text("id")).isEqualTo("b");
        assertThat(rows.get(1).line()).isEqualTo(3);
    }

    @Test
    void read_quotedCells_keepCommasQuotesAndLineBreaks() throws IOException {
        List<CsvRow> rows = read("id,value,note\r\na,1,\"x, \"\"y\"\"\r\nz\"\r\nb,2,\"\"\r\n");
        assertThat(rows.get(0).optionalText("note")).isEqualTo("x, \"y\"\r\nz");
        assertThat(rows.get(1).optionalText("note")).isEmpty();
        assertThat(rows.get(1).line()).isEqualTo(4);
    }

    @Test
    void read_byteOrderMarkBlankLinesAndNoFinalNewline_areTolerated() throws IOException {
        List<CsvRow> rows = read("\uFEFFid,value,note\n\na,1,x\n\nb,2,y");
        assertThat(rows).extracting(r -> r.text("id")).containsExactly("a", "b");
        assertThat(rows.get(1).line()).isEqualTo(5);
    }

    @Test
    void read_missingAndUnknownColumns_areNamed() {
        assertThatThrownBy(() -> read("id,valu,note\n"))
                .hasMessage("t.csv header lacks value and has unknown valu; the columns are id, value, note.");
        assertThatThrownBy(() -> read("id,value,note,extra\n"))
                .hasMessage("t.csv header has unknown extra; the columns are id, value, note.");
    }

    @Test
    void read_duplicateColumn_isRejected() {
        assertThatThrownBy(() -> read("id,value,note,id\n")).hasMessage("t.csv names the column 'id' twice in its header; each column must appear once.");
    }

    @Test
    void read_emptyInput_asksForAHeader() {
        assertThatThrownBy(() -> read("")).hasMessage("t.csv is empty; it needs a header row with the columns id, value, note.");
    }

    @Test
    void read_raggedRow_namesItsLine() {
        assertThatThrownBy(() -> read("id,value,note\na,1,x\nb,2,x,y\n"))
                .hasMessage("t.csv line 3 has 4 cells but the header has 3 columns; quote cells that contain commas.");
    }

    @Test
    void read_unclosedQuote_namesWhereItOpened() {
        assertThatThrownBy(() -> read("id,value,note\na,1,\"x\n\n"))
                .hasMessage("t.csv line 2 opens a quoted cell that never closes; add the closing quote.");
    }

    @Test
    void read_strayQuotes_areRejected() {
        assertThatThrownBy(() -> read("id,value,note\na,1,x\"y\n")).hasMessageStartingWith("t.csv line 2 has a quote inside an unquoted cell");
        assertThatThrownBy(() -> read("id,value,note\na,1,\"x\"y\n")).hasMessageStartingWith("t.csv line 2 has text after a closing quote");
    }

    @Test
    void row_numbers_parsePlainDecimalsAndReportTheCell() throws IOException {
        List<CsvRow> rows = read("id,value,note\na,1.5e3,\nb,0x10,\nc,12d,\n");
        assertThat(rows.get(0).number("value")).isEqualTo(1500);
        assertThat(rows.get(0).number("note", -1)).isEqualTo(-1);
        assertThatThrownBy(() -> rows.get(1).number("value")).hasMessage("t.csv line 3, column value, is '0x10', not a number.");
        assertThatThrownBy(() -> rows.get(2).number("value", 0)).hasMessage("t.csv line 4, column value, is '12d', not a number.");
        assertThatThrownBy(() -> rows.get(0).text("note")).hasMessage("t.csv line 2, column note, is empty; it needs a value.");
        assertThatThrownBy(() -> rows.get(0).wholeNumber("value")).hasMessage("t.csv line 2, column value, is '1.5e3', not a whole number.");
    }
}
