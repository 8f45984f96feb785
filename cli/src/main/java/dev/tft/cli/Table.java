package dev.tft.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header row and rows of cells, left-aligned in columns two spaces apart, the
 * last column unpadded (no trailing blanks). Cells must already be escaped; widths count code
 * points. Not thread-safe.
 */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** A table with these column headings. */
    Table(String... header) {
        columns = header.length;
        rows.add(header);
    }

    /** Adds a row; it must have one cell per column. */
    Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException(
                    "row has " + cells.length + " cells, table has " + columns + " columns");
        }
        rows.add(cells);
        return this;
    }

    /** The table, one line per row, each ending with a newline. */
    @Override
    public String toString() {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], length(r[i]));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < columns - 1; i++) {
                out.append(r[i]).append(" ".repeat(width[i] - length(r[i]) + 2));
            }
            out.append(r[columns - 1]).append('\n');
        }
        return out.toString();
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
