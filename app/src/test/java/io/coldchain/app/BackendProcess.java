package io.coldchain.app;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The backend as a separate operating-system process ({@code Main run}), so that a test can kill
 * it with SIGKILL (no shutdown hook, no drain) exactly as a crash or an OOM-killer would.
 */
final class BackendProcess implements AutoCloseable {
    private final Process process;
    final int httpPort;
    final Path log;

    private BackendProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    static BackendProcess start(Map<String, String> env, int httpPort, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("run");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("COLDCHAIN_"));
        pb.environment().putAll(env);
        pb.environment().put("COLDCHAIN_HTTP_PORT", Integer.toString(httpPort));
        return new BackendProcess(pb.start(), httpPort, log);
    }

    /** Waits until /health answers 200; returns how long that took. */
    Duration awaitHealthy(Duration timeout) throws InterruptedException {
        long t0 = System.nanoTime();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        while (System.nanoTime() - t0 < timeout.toNanos()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("backend exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - t0);
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("backend not healthy within " + timeout + "; see " + log);
    }

    /** SIGKILL: no shutdown hook runs, nothing is drained. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the shutdown hook drains and stops. Returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("backend did not stop within " + timeout + " after SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    static String classpathSeparator() {
        return File.pathSeparator;
    }
}
