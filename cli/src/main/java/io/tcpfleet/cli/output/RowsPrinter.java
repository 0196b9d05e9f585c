package io.tcpfleet.cli.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.tcpfleet.model.DurationText;
import io.tcpfleet.model.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@link Rows} as a text table (people), RFC 4180 CSV (spreadsheets; quoting by Jackson's
 * CSV writer) or a JSON array of objects (programs). Control characters in text never reach a
 * terminal raw: the table escapes them.
 */
public final class RowsPrinter {

    /** Built on first use: a table needs no Jackson, whose set-up cost a one-shot poll ~15 ms. */
    private static final class Mappers {
        static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.ALWAYS_QUOTE_EMPTY_STRINGS).build();
        static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private RowsPrinter() {
    }

    public static void print(OutputFormat format, Rows rows, PrintWriter out) {
        switch (format) {
            case TABLE -> table(rows, out);
            case CSV -> csv(rows, out);
            case JSON -> json(rows, out);
        }
        out.flush();
    }

    public static void table(Rows rows, PrintWriter out) {
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < rows.columns().size(); i++) {
            if (rows.columns().get(i).inTable()) {
                shown.add(i);
            }
        }
        List<String> headings = new ArrayList<>();
        boolean[] numeric = new boolean[shown.size()];
        for (int i = 0; i < numeric.length; i++) {
            Rows.Column c = rows.columns().get(shown.get(i));
            headings.add(c.heading());
            numeric[i] = c.kind() != Rows.Kind.TEXT && c.kind() != Rows.Kind.FLAG;
        }
        TextTable t = new TextTable(headings, numeric);
        for (List<Object> r : rows.rows()) {
            List<String> cells = new ArrayList<>(shown.size());
            for (int i : shown) {
                cells.add(cell(rows.columns().get(i), r.get(i)));
            }
            t.add(cells);
        }
        t.print(out);
    }

    private static String cell(Rows.Column c, Object v) {
        if (v == null) {
            return null;
        }
        if (c.kind() == Rows.Kind.SECONDS && v instanceof Number n) {
            return DurationText.of(Duration.ofSeconds(n.longValue()));
        }
        if (c.kind() == Rows.Kind.FLAG) {
            return Boolean.TRUE.equals(v) ? c.heading() : "";
        }
        if (c.kind() == Rows.Kind.DELTA && v instanceof Number n && n.longValue() > 0) {
            return "+" + n;
        }
        return TerminalText.escape(v.toString());
    }

    public static void csv(Rows rows, PrintWriter out) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        rows.columns().forEach(c -> schema.addColumn(c.key()));
        try {
            out.print(Mappers.CSV.writer(schema.build()).writeValueAsString(rows.rows()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void json(Rows rows, PrintWriter out) {
        ArrayNode a = Mappers.JSON.createArrayNode();
        for (List<Object> r : rows.rows()) {
            ObjectNode o = a.addObject();
            for (int i = 0; i < r.size(); i++) {
                o.set(rows.columns().get(i).key(), Mappers.JSON.valueToTree(r.get(i)));
            }
        }
        try {
            out.println(Mappers.JSON.writeValueAsString(a));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
