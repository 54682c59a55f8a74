package io.coldchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.db.Database;
import io.coldchain.registry.user.PasswordHasher;
import io.coldchain.registry.user.UserStore;
import io.coldchain.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The first administrator of a fresh installation, printed once, and the demo's logins (contract §6), on a real database. */
class PeopleCommandsTest {
    private static HikariDataSource pool;

    @BeforeAll
    static void start() {
        TestDatabase db = TestDatabase.get();
        pool = Database.pool(db.newDatabase("people"), db.user(), db.password(), 2, "people-test");
        Database.migrate(pool, StorageOptions.defaults());
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void theFirstAdministratorIsCreatedAndPrintedOnceThenDemoLoginsWorkAgainAndAgain() throws Exception {
        String first = printed(() -> FirstUser.ensure(pool));
        String line = first.lines()
                .filter(l -> l.trim().startsWith("login: admin "))
                .findFirst()
                .orElseThrow();
        String[] parts = line.trim().split(" ");
        assertThat(parts).hasSize(4);
        assertThat(parts[3]).isEqualTo("platform");
        assertThat(works("admin", parts[2])).isTrue();
        assertThat(printed(() -> FirstUser.ensure(pool))).as("printed once").isEmpty();

        Path dataDir = Files.createTempDirectory("coldchain-demo-people");
        List<DemoUsers.Login> logins = DemoUsers.ensure(pool, dataDir, "demo", "320300");
        assertThat(logins).extracting(DemoUsers.Login::role).containsExactly("admin", "qa", "regulator");
        assertThat(logins.get(0).line()).matches("login: demo-admin \\S{20} admin");
        for (DemoUsers.Login l : logins) {
            assertThat(works(l.username(), l.password())).as(l.username()).isTrue();
        }
        // A demo started again on the same data directory prints the same logins, and they still work.
        assertThat(DemoUsers.ensure(pool, dataDir, "demo", "320300")).isEqualTo(logins);
        // A set: compared as one, not by its toString (a HashSet's order of enums differs between JVM runs).
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("demo-logins.properties")))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    private static boolean works(String username, String password) throws Exception {
        try (Connection c = pool.getConnection()) {
            UserStore.Credentials cr = new UserStore().credentials(c, username).orElseThrow();
            return cr.user().enabled() && new PasswordHasher().verify(password, cr.passwordHash());
        }
    }

    private static String printed(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
