package io.coldchain.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto process for tests of external-broker behaviour (restarts, dynamic security):
 * its own config file, a free loopback port and persistence in a temporary directory, so that a
 * test can kill it with SIGKILL or stop it with SIGTERM and start it again on the same data.
 * Debian: {@code apt-get install mosquitto mosquitto-clients}; tests skip when it is absent
 * ({@link #available()}).
 */
public final class MosquittoBroker implements AutoCloseable {
    private static final List<String> BINARIES =
            List.of("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto");
    private static final List<String> DYNSEC_PLUGINS = List.of(
            "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so",
            "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so",
            "/usr/lib/mosquitto_dynamic_security.so",
            "/usr/local/lib/mosquitto_dynamic_security.so");

    private final Path dir;
    private final int port;
    private final Path config;
    private Process process;

    private MosquittoBroker(Path dir, int port, Path config) {
        this.dir = dir;
        this.port = port;
        this.config = config;
    }

    public static Optional<Path> binary() {
        return BINARIES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    public static Optional<Path> dynsecPlugin() {
        return DYNSEC_PLUGINS.stream().map(Path::of).filter(Files::isReadable).findFirst();
    }

    public static boolean available() {
        return binary().isPresent();
    }

    /** Why a Mosquitto test is skipped here. */
    public static final String MISSING =
            "mosquitto is not installed (apt-get install mosquitto mosquitto-clients): test skipped";

    /**
     * Anonymous access, persistence on (a snapshot every second instead of deploy's 60 s, so that a
     * test soon has its sessions on disk), queues without limits and QoS upgraded, as
     * deploy/mosquitto/mosquitto.conf sets them. Not {@code autosave_on_changes}: it still loses
     * PUBACKed messages on SIGKILL and cuts throughput (docs/durability.md).
     */
    public static MosquittoBroker start() throws IOException {
        return start("allow_anonymous true\n");
    }

    /**
     * Anonymous access off and the dynamic-security plugin loaded with a configuration that has
     * one admin (written with {@code mosquitto_ctrl dynsec init}).
     */
    public static MosquittoBroker startWithDynamicSecurity(String adminUser, String adminPassword)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("coldchain-mosquitto");
        Path json = dir.resolve("dynamic-security.json");
        Process init = new ProcessBuilder("mosquitto_ctrl", "dynsec", "init", json.toString(), adminUser, adminPassword)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("dynsec-init.log").toFile())
                .start();
        if (!init.waitFor(30, TimeUnit.SECONDS) || init.exitValue() != 0 || !Files.exists(json)) {
            throw new IllegalStateException(
                    "mosquitto_ctrl dynsec init failed: " + Files.readString(dir.resolve("dynsec-init.log")));
        }
        String plugin = dynsecPlugin()
                .orElseThrow(() -> new IllegalStateException("mosquitto_dynamic_security.so not found"))
                .toString();
        return start(dir, "allow_anonymous false\nplugin " + plugin + "\nplugin_opt_config_file " + json + "\n");
    }

    private static MosquittoBroker start(String access) throws IOException {
        return start(Files.createTempDirectory("coldchain-mosquitto"), access);
    }

    private static MosquittoBroker start(Path dir, String access) throws IOException {
        int port = TestBroker.freePort();
        Path config = dir.resolve("mosquitto.conf");
        // Run as root, Mosquitto would switch to the user "mosquitto", who cannot write the test's temporary directory.
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Files.writeString(
                config,
                user + "listener " + port + " 127.0.0.1\n" + access
                        + "persistence true\npersistence_location " + dir + "/\nautosave_interval 1\n"
                        + "max_queued_messages 0\nmax_queued_bytes 0\nmax_inflight_messages 20\nupgrade_outgoing_qos true\n"
                        + "log_dest file " + dir.resolve("mosquitto.log")
                        + "\nlog_type error\nlog_type warning\nlog_type notice\n"
                        + "log_type information\n",
                StandardCharsets.UTF_8);
        MosquittoBroker b = new MosquittoBroker(dir, port, config);
        b.launch();
        return b;
    }

    /** Starts the process (again) on the same config and data, and waits until it accepts connections. */
    public synchronized void launch() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        process = new ProcessBuilder(
                        binary().orElseThrow(() -> new IllegalStateException(MISSING))
                                .toString(),
                        "-c",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("stdout.log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "mosquitto exited with " + process.exitValue() + "; see " + dir.resolve("mosquitto.log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
        throw new IllegalStateException(
                "mosquitto not listening on " + port + " within 20 s; see " + dir.resolve("mosquitto.log"));
    }

    /**
     * SIGKILL: no final save; what was not yet autosaved is gone, as in a crash, including messages
     * already PUBACKed to their publishers.
     */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: Mosquitto saves its persistence file and exits. */
    public synchronized void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("mosquitto did not stop within 20 s of SIGTERM");
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
