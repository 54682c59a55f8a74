package io.coldchain.embedded.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Locks the embedded server down: every connection needs a password (SCRAM-SHA-256, loopback
 * only), the superuser has one, and the backend works as an application role that is not a
 * superuser and owns its database. Idempotent: run on every start, so a data directory from an
 * earlier version (trust authentication, everything owned by the superuser) is brought in line.
 */
public final class PostgresSecurity {
    public static final String APP_ROLE = "coldchain";

    private static final String HBA = """
      # Written by Coldchain at every start of the embedded server: a password (SCRAM-SHA-256)
      # for every connection, over loopback only. Edits here are overwritten.
      local all all scram-sha-256
      host  all all 127.0.0.1/32 scram-sha-256
      host  all all ::1/128 scram-sha-256
      """;

    private PostgresSecurity() {}

    /** Sets passwords and the application role, then switches authentication to SCRAM (reloaded at once). */
    public static void apply(Connection superuser, Path dataDir, PostgresCredentials credentials) throws SQLException {
        try (Statement st = superuser.createStatement()) {
            st.execute("SET password_encryption = 'scram-sha-256'");
            // The passwords are URL-safe Base64 (no quotes possible); ALTER ROLE takes no parameters.
            st.execute("ALTER ROLE postgres PASSWORD '" + credentials.superuserPassword() + "'");
            boolean exists;
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + APP_ROLE + "'")) {
                exists = rs.next();
            }
            st.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + APP_ROLE
                    + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
                    + credentials.appPassword() + "'");
        }
        writeHba(dataDir);
        try (Statement st = superuser.createStatement()) {
            st.execute("SELECT pg_reload_conf()");
        }
    }

    /** Creates the database owned by the application role, or hands an existing one (and its objects) over to it. */
    public static void ensureDatabase(Connection superuser, String database) throws SQLException {
        boolean exists;
        try (PreparedStatement ps = superuser.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        String quoted = "\"" + database.replace("\"", "") + "\"";
        try (Statement st = superuser.createStatement()) {
            if (!exists) {
                st.execute("CREATE DATABASE " + quoted + " OWNER " + APP_ROLE);
            } else {
                st.execute("ALTER DATABASE " + quoted + " OWNER TO " + APP_ROLE);
            }
        }
    }

    /**
     * In a database created before the application role existed, tables, views, sequences and
     * functions of schema public belong to the superuser; they are handed to the application role.
     */
    public static void adoptObjects(Connection superuserOnDatabase) throws SQLException {
        try (Statement st = superuserOnDatabase.createStatement()) {
            st.execute("ALTER SCHEMA public OWNER TO " + APP_ROLE);
            st.execute("""
          DO $$
          DECLARE r record;
          BEGIN
            FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                       AND pg_get_userbyid(c.relowner) <> '%1$s'
                       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
            LOOP
              EXECUTE format('ALTER %%s %%I OWNER TO %1$s',
                CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                               WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.relname);
            END LOOP;
            FOR r IN SELECT p.oid::regprocedure AS sig, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                     WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '%1$s'
            LOOP
              EXECUTE format('ALTER %%s %%s OWNER TO %1$s', CASE r.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, r.sig);
            END LOOP;
          END $$""".formatted(APP_ROLE));
        }
    }

    private static void writeHba(Path dataDir) {
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Embedded PostgreSQL: cannot write " + dataDir.resolve("pg_hba.conf") + ": " + e.getMessage(), e);
        }
    }
}
