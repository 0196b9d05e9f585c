package io.tcpfleet.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Left-aligned text columns, numbers right-aligned: the whole of our table rendering. */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] numeric;

    public TextTable(List<String> header, boolean[] numeric) {
        this.numeric = numeric;
        rows.add(header.toArray(String[]::new));
    }

    public void add(List<String> row) {
        rows.add(row.toArray(String[]::new));
    }

    public void print(PrintWriter out) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c] == null ? 1 : r[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            b.setLength(0);
            for (int c = 0; c < cols; c++) {
                String v = r[c] == null ? "-" : r[c];
                String pad = " ".repeat(width[c] - v.length());
                if (c > 0) {
                    b.append("  ");
                }
                b.append(numeric[c] ? pad + v : c == cols - 1 ? v : v + pad);
            }
            out.println(b);
        }
    }
}
