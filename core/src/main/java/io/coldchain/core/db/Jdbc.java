package io.coldchain.core.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one small JDBC helper every module uses: the functional types of "work on a connection",
 * "bind a statement's parameters" and "map a row", plus a list query. Blocking: callers run it on a
 * worker, never on an event loop.
 */
public final class Jdbc {
    private Jdbc() {}

    /** Work done with one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Reads the current row. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql} with its parameters bound by {@code binder}, every row mapped by {@code row}, in order. */
    public static <T> List<T> list(Connection c, String sql, Binder binder, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.map(rs));
                }
            }
        }
        return out;
    }
}
