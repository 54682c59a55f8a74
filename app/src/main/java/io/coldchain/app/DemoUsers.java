package io.coldchain.app;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.registry.user.PasswordHasher;
import io.coldchain.registry.user.User;
import io.coldchain.registry.user.UserAccounts;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The demo's web app users: an admin and a QA user of the demo tenant and a regulator of the demo's
 * region. Their generated passwords are kept in {@code <data dir>/demo-logins.properties} (owner-only)
 * so that a demo started again on the same data directory prints the same, working, logins. Demo
 * data only: real accounts are never written down anywhere.
 */
final class DemoUsers {
    /** A line {@code login: USERNAME PASSWORD ROLE} of contract §6. */
    record Login(String username, String password, String role) {
        String line() {
            return "login: " + username + " " + password + " " + role;
        }
    }

    private DemoUsers() {}

    static List<Login> ensure(DataSource pool, Path dataDir, String tenant, String region) {
        Path file = dataDir.resolve("demo-logins.properties");
        Properties saved = load(file);
        UserAccounts accounts = new UserAccounts(pool);
        List<Login> out = new ArrayList<>();
        Object[][] users = {
            {tenant + "-admin", User.ADMIN, Optional.of(tenant), Optional.empty(), "Demo admin"},
            {tenant + "-qa", User.QA, Optional.of(tenant), Optional.empty(), "Demo QA manager"},
            {tenant + "-inspector", User.REGULATOR, Optional.empty(), Optional.of(region), "Demo inspector " + region}
        };
        for (Object[] u : users) {
            String username = (String) u[0];
            String password = saved.getProperty(username, PasswordHasher.randomPassword());
            try {
                @SuppressWarnings("unchecked")
                Optional<String> t = (Optional<String>) u[2];
                @SuppressWarnings("unchecked")
                Optional<String> r = (Optional<String>) u[3];
                accounts.create(username, t, (String) u[1], r, (String) u[4], password, "demo");
            } catch (ColdchainException e) {
                if (e.status() != 409) {
                    throw e;
                }
                if (!saved.containsKey(username)) {
                    password = "(set by an earlier demo; " + file + " is missing)";
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the demo users: " + e.getMessage(), e);
            }
            saved.setProperty(username, password);
            out.add(new Login(username, password, (String) u[1]));
        }
        store(file, saved);
        return out;
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    private static void store(Path file, Properties p) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's permissions protect it
                }
            }
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "Coldchain demo logins (demo data only)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
