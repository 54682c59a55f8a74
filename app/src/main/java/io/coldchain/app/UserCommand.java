package io.coldchain.app;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.db.Database;
import io.coldchain.core.error.ColdchainException;
import io.coldchain.embedded.EmbeddedPostgresServer;
import io.coldchain.registry.user.PasswordHasher;
import io.coldchain.registry.user.User;
import io.coldchain.registry.user.UserAccounts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code user add-admin}, {@code user add-qa}, {@code user add-regulator}: creates a web app account
 * in the backend's database (the external one when configured; else the embedded one of the data
 * directory, whether the backend is running or not). The password is read from standard input with
 * {@code --password-stdin}, or generated and printed once.
 */
@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        description = "Create web app accounts.",
        subcommands = {UserCommand.AddAdmin.class, UserCommand.AddQa.class, UserCommand.AddRegulator.class})
public final class UserCommand {

    abstract static class Add implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--username", required = true, description = "1-64 characters of A-Z a-z 0-9 _ . : @ -")
        String username;

        @Option(names = "--display-name", defaultValue = "", description = "Name shown in the web app.")
        String displayName;

        @Option(
                names = "--password-stdin",
                description =
                        "Read the password from the first line of standard input (else one is generated and printed).")
        boolean passwordStdin;

        abstract Optional<String> tenant();

        abstract String role();

        abstract Optional<String> region();

        @Override
        public Integer call() throws Exception {
            String password = passwordStdin
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine()
                    : PasswordHasher.randomPassword();
            ColdchainConfig cfg = config.load();
            try (UserDatabase db = UserDatabase.open(cfg)) {
                new UserAccounts(db.pool())
                        .create(
                                username,
                                tenant(),
                                role(),
                                region(),
                                displayName,
                                password == null ? "" : password,
                                "command");
            } catch (ColdchainException e) {
                System.err.println("Not created: " + e.detail());
                return 1;
            }
            System.out.println("Created " + role() + " " + username
                    + tenant().map(t -> " of tenant " + t).orElse("")
                    + region().map(r -> " for region " + r).orElse(""));
            if (!passwordStdin) {
                System.out.println("login: " + username + " " + password + " " + role());
            }
            return 0;
        }
    }

    /** A user of a tenant (its admins and QA staff): the tenant is given, there is no region. */
    abstract static class AddTenantUser extends Add {
        @Option(names = "--tenant", required = true, description = "The tenant.")
        String tenant;

        Optional<String> tenant() {
            return Optional.of(tenant);
        }

        Optional<String> region() {
            return Optional.empty();
        }
    }

    @Command(name = "add-admin", mixinStandardHelpOptions = true, description = "Create an admin of a tenant.")
    static final class AddAdmin extends AddTenantUser {
        String role() {
            return User.ADMIN;
        }
    }

    @Command(name = "add-qa", mixinStandardHelpOptions = true, description = "Create a QA user of a tenant.")
    static final class AddQa extends AddTenantUser {
        String role() {
            return User.QA;
        }
    }

    @Command(
            name = "add-regulator",
            mixinStandardHelpOptions = true,
            description = "Create a regulator (read-only, any tenant's sites in the region).")
    static final class AddRegulator extends Add {
        @Option(names = "--region", required = true, description = "Administrative region code, e.g. 320300.")
        String region;

        Optional<String> tenant() {
            return Optional.empty();
        }

        String role() {
            return User.REGULATOR;
        }

        Optional<String> region() {
            return Optional.of(region);
        }
    }

    /** The backend's database for one command: external, the running embedded server, or the embedded one started for the command. */
    record UserDatabase(HikariDataSource pool, EmbeddedPostgresServer started) implements AutoCloseable {
        static UserDatabase open(ColdchainConfig cfg) {
            if (!cfg.db().embedded()) {
                HikariDataSource pool = Database.pool(
                        cfg.db().url().orElseThrow(), cfg.db().user(), cfg.db().password(), 3, "coldchain-user");
                Database.migrate(pool, cfg.storage());
                return new UserDatabase(pool, null);
            }
            Path dir = cfg.dataDir().resolve("postgres");
            Optional<Integer> running = runningPort(dir);
            EmbeddedPostgresServer server = null;
            String url;
            if (running.isPresent()) {
                url = "jdbc:postgresql://127.0.0.1:" + running.get() + "/coldchain";
            } else {
                server = new EmbeddedPostgresServer(dir, 0).start();
                url = server.jdbcUrl("coldchain");
            }
            HikariDataSource pool = Database.pool(url, EmbeddedPostgresServer.USER, "", 3, "coldchain-user");
            Database.migrate(pool, cfg.storage());
            return new UserDatabase(pool, server);
        }

        /** The port in postmaster.pid (its 4th line), if a server answers there: the backend is running. */
        private static Optional<Integer> runningPort(Path dir) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve("postmaster.pid"));
                int port = Integer.parseInt(lines.get(3).trim());
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    return Optional.of(port);
                }
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public void close() {
            pool.close();
            if (started != null) {
                started.close();
            }
        }
    }
}
