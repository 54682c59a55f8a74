package io.coldchain.embedded.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL left behind on our data directory. The embedded server runs as its own process
 * (pg_ctl detaches it), so when the JVM is killed with SIGKILL it keeps running, and the next start
 * on the same directory fails ("Gave up waiting for server to start"). Before a start, this finds
 * the postmaster named in {@code postmaster.pid}: a live one is asked to stop (SIGTERM, a smart
 * shutdown that its dead clients do not hold up) and, if it will not, killed with its children
 * (PostgreSQL then recovers from its WAL on start, as after a power cut); a stale file whose
 * process id now belongs to something else is removed, since PostgreSQL would refuse it.
 */
public final class OrphanPostmaster {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanPostmaster.class);
    static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private OrphanPostmaster() {}

    public static void clear(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            // PostgreSQL itself ignores a pid file of a dead process.
            return;
        }
        if (!isPostgres(process.get())) {
            LOG.warn("Removing stale {}: its process id {} now belongs to another program", pidFile, pid.get());
            deleteQuietly(pidFile);
            return;
        }
        LOG.warn(
                "A PostgreSQL (pid {}) from an earlier run still holds {}; stopping it before starting ours",
                pid.get(),
                dataDir);
        ProcessHandle postmaster = process.get();
        List<ProcessHandle> children = postmaster.descendants().toList();
        postmaster.destroy();
        if (!waitForExit(postmaster, STOP_WAIT)) {
            LOG.warn(
                    "PostgreSQL pid {} did not stop within {} s; killing it and its {} children",
                    pid.get(),
                    STOP_WAIT.toSeconds(),
                    children.size());
            postmaster.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            waitForExit(postmaster, Duration.ofSeconds(10));
        }
        for (ProcessHandle child : children) {
            waitForExit(child, Duration.ofSeconds(10));
        }
    }

    private static boolean isPostgres(ProcessHandle p) {
        return p.info()
                .command()
                .map(c -> Path.of(c).getFileName().toString().startsWith("postgres"))
                .orElse(true);
    }

    private static boolean waitForExit(ProcessHandle p, Duration max) {
        try {
            p.onExit().get(max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return !p.isAlive();
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", p, e.getMessage());
        }
    }
}
