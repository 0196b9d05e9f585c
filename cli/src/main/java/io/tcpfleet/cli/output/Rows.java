package io.tcpfleet.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A view as columns and rows, rendered the same way as a text table, CSV or JSON by
 * {@link RowsPrinter}: a view is built once, never once per format.
 *
 * @param columns what each position of a row holds
 * @param rows    values: {@code String}, a {@code Number}, a {@code Boolean}, or {@code null} (no value)
 */
public record Rows(List<Column> columns, List<List<Object>> rows) {

    /** How a column looks in each format. */
    public enum Kind {
        TEXT,
        NUMBER,
        /** A number of seconds: {@code 1m30s} in a table, the number in CSV and JSON. */
        SECONDS,
        /** A boolean: the column's heading where true, blank where false, in a table. */
        FLAG,
        /** A signed change: {@code +5} in a table. */
        DELTA
    }

    /**
     * @param key     the CSV header and JSON field name (the contract: lower-case or a state name)
     * @param heading the table heading (may be shorter, for a terminal); null: not in the table
     */
    public record Column(String key, String heading, Kind kind) {

        public Column {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(kind, "kind");
        }

        public boolean inTable() {
            return heading != null;
        }

        public static Column text(String key, String heading) {
            return new Column(key, heading, Kind.TEXT);
        }

        public static Column number(String key, String heading) {
            return new Column(key, heading, Kind.NUMBER);
        }

        public static Column seconds(String key, String heading) {
            return new Column(key, heading, Kind.SECONDS);
        }

        public static Column flag(String key, String heading) {
            return new Column(key, heading, Kind.FLAG);
        }

        public static Column delta(String key, String heading) {
            return new Column(key, heading, Kind.DELTA);
        }
    }

    public Rows {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("row of " + r.size() + " values for " + columns.size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(r))); // nulls allowed: List.copyOf refuses them
        }
        rows = Collections.unmodifiableList(copy);
    }

    public static Builder with(Column... columns) {
        return new Builder(List.of(columns));
    }

    public static Builder with(List<Column> columns) {
        return new Builder(columns);
    }

    /** Collects rows in order. */
    public static final class Builder {
        private final List<Column> columns;
        private final List<List<Object>> rows = new ArrayList<>();

        private Builder(List<Column> columns) {
            this.columns = columns;
        }

        public Builder add(Object... values) {
            rows.add(Arrays.asList(values));
            return this;
        }

        public Builder add(List<Object> values) {
            rows.add(values);
            return this;
        }

        public Rows build() {
            return new Rows(columns, rows);
        }
    }
}
