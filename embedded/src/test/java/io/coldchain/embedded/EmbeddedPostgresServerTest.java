package io.coldchain.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL as {@code run} starts it: durable, password-protected, worked by a non-superuser. */
class EmbeddedPostgresServerTest {

    @Test
    void run_gets_a_durable_server_with_scram_passwords_and_a_non_superuser_owner(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        EmbeddedPostgresServer pg = new EmbeddedPostgresServer(data, 0).start();
        try {
            String url = pg.jdbcUrl("coldchain");
            Path secrets = dir.resolve("postgres.credentials");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)))
                    .isEqualTo("rw-------");
            assertThat(Files.readString(secrets)).contains(pg.appPassword()).contains(pg.superuserPassword());

            try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresServer.APP_USER, pg.appPassword())) {
                assertThat(one(c, "SHOW fsync")).isEqualTo("on");
                assertThat(one(c, "SHOW synchronous_commit")).isEqualTo("on");
                assertThat(one(c, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
                        .isEqualTo("false");
                assertThat(one(c, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"))
                        .isEqualTo(EmbeddedPostgresServer.APP_USER);
            }
            try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, pg.superuserPassword())) {
                assertThat(one(
                                c,
                                "SELECT count(*)::text FROM pg_authid WHERE rolname IN ('postgres', 'coldchain') "
                                        + "AND rolpassword LIKE 'SCRAM-SHA-256$%'"))
                        .isEqualTo("2");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(url, EmbeddedPostgresServer.USER, "")
                            .close())
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, EmbeddedPostgresServer.APP_USER, "guess")
                            .close())
                    .hasMessageContaining("password authentication failed");
        } finally {
            pg.close();
        }

        // A second start on the same directory keeps the passwords and the data.
        EmbeddedPostgresServer again = new EmbeddedPostgresServer(data, 0).start();
        try (Connection c = DriverManager.getConnection(
                again.jdbcUrl("coldchain"), EmbeddedPostgresServer.APP_USER, again.appPassword())) {
            assertThat(one(c, "SELECT current_user")).isEqualTo("coldchain");
        } finally {
            again.close();
        }
    }

    @Test
    void a_data_directory_of_an_earlier_version_is_locked_and_handed_to_the_application_role(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("postgres");
        // As earlier versions left it: trust authentication, everything owned by the superuser.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .start()) {
            try (Connection c = old.getPostgresDatabase().getConnection();
                    Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE coldchain");
            }
            try (Connection c = old.getDatabase("postgres", "coldchain").getConnection();
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id bigserial PRIMARY KEY, v int)");
                st.execute("CREATE VIEW tv AS SELECT v FROM t");
                st.execute("CREATE FUNCTION twice(x int) RETURNS int LANGUAGE sql AS 'SELECT 2 * x'");
            }
        }
        EmbeddedPostgresServer pg = new EmbeddedPostgresServer(data, 0).start();
        try {
            String url = pg.jdbcUrl("coldchain");
            try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresServer.APP_USER, pg.appPassword());
                    Statement st = c.createStatement()) {
                st.execute("INSERT INTO t (v) VALUES (21)");
                assertThat(one(c, "SELECT twice(v)::text FROM tv")).isEqualTo("42");
                st.execute("ALTER TABLE t ADD COLUMN w int");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(url, EmbeddedPostgresServer.USER, "")
                            .close())
                    .isInstanceOf(SQLException.class);
        } finally {
            pg.close();
        }
    }

    @Test
    void tests_may_opt_out_of_durability(@TempDir Path dir) throws Exception {
        EmbeddedPostgresServer pg = new EmbeddedPostgresServer(dir.resolve("postgres"), 0, false).start();
        try (Connection c =
                DriverManager.getConnection(pg.jdbcUrl("t"), EmbeddedPostgresServer.APP_USER, pg.appPassword())) {
            assertThat(one(c, "SHOW fsync")).isEqualTo("off");
            assertThat(one(c, "SHOW synchronous_commit")).isEqualTo("off");
        } finally {
            pg.close();
        }
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
