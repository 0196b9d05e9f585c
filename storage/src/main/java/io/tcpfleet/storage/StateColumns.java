package io.tcpfleet.storage;

import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

/** One column per state, {@code st_established} ... {@code st_unknown}, in {@link TcpState} order. */
final class StateColumns {

    static final String LIST;
    static final String PLACEHOLDERS;

    static {
        StringBuilder list = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (TcpState s : TcpState.COUNTED) {
            list.append(list.length() > 0 ? ", " : "").append(column(s));
            marks.append(marks.length() > 0 ? ", " : "").append('?');
        }
        LIST = list.toString();
        PLACEHOLDERS = marks.toString();
    }

    /** ", st_established TYPE, ...": the columns' definitions. */
    static String ddl(String type) {
        StringBuilder ddl = new StringBuilder();
        for (TcpState s : TcpState.COUNTED) {
            ddl.append(", ").append(column(s)).append(' ').append(type);
        }
        return ddl.toString();
    }

    private StateColumns() {
    }

    static String column(TcpState s) {
        return "st_" + s.name().toLowerCase(Locale.ROOT);
    }

    /** Binds every state from {@code index}; nulls for a failed poll. Returns the next index. */
    static int bind(PreparedStatement ps, int index, StateCounts counts) throws SQLException {
        for (TcpState s : TcpState.COUNTED) {
            if (counts == null) {
                ps.setNull(index++, Types.BIGINT);
            } else {
                ps.setLong(index++, counts.get(s));
            }
        }
        return index;
    }

    static StateCounts read(ResultSet rs) throws SQLException {
        long[] c = new long[TcpState.COUNT];
        for (TcpState s : TcpState.COUNTED) {
            c[s.ordinal()] = rs.getLong(column(s));
        }
        return StateCounts.of(c);
    }
}
