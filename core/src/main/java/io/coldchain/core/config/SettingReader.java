package io.coldchain.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The raw settings as given (with where each came from) and their parsing into typed values. A bad
 * value does not stop the reading: it is noted as a problem naming the setting, its environment name
 * and its origin, and all problems are reported at once ({@link #failOnProblems}), so one start
 * shows everything to fix.
 */
abstract class SettingReader {
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> origin = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    void problem(String text) {
        problems.add(text);
    }

    /** Throws one {@link ConfigException} listing every problem noted, if there is any. */
    void failOnProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(
                    "Configuration problems (fix these and start again):\n  - " + String.join("\n  - ", problems));
        }
    }

    void put(String key, String value, String from) {
        values.put(key, value.trim());
        origin.put(key, from);
    }

    void readFile(Path file, Map<String, Setting> known) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> byEnv = new HashMap<>();
        known.values().forEach(s -> byEnv.put(s.envName(), s.key()));
        for (String name : p.stringPropertyNames()) {
            String key = known.containsKey(name) ? name : byEnv.get(name);
            if (key == null) {
                problem(file + ": unknown setting '" + name + "'; known keys are " + known.keySet());
            } else {
                put(key, p.getProperty(name), "file " + file);
            }
        }
    }

    String raw(Setting s) {
        return values.get(s.key());
    }

    Optional<String> optional(Setting s) {
        String v = raw(s);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    <T> T parse(Setting s, String expected, Function<String, T> parser, T fallback) {
        try {
            return parser.apply(raw(s));
        } catch (RuntimeException e) {
            problem(where(s) + ": '" + raw(s) + "' is not " + expected);
            return fallback;
        }
    }

    String where(Setting s) {
        return s.envName() + " (" + s.key() + ", from " + origin.get(s.key()) + ")";
    }

    int intIn(Setting s, int min, int max) {
        int v = parse(s, "a whole number", Integer::parseInt, min);
        if (v < min || v > max) {
            problem(where(s) + ": " + v + " is outside " + min + ".." + max);
        }
        return v;
    }

    double decimalIn(Setting s, double min, double max) {
        double v = parse(s, "a number", Double::parseDouble, min);
        if (!(v >= min && v <= max)) {
            problem(where(s) + ": " + raw(s) + " is outside " + min + ".." + max);
        }
        return v;
    }

    Duration duration(Setting s, Duration min) {
        Duration d = parse(s, "a duration (examples: 50ms, 30s, 5m, 12h, 7d, 2y)", Durations::parse, min);
        if (d.compareTo(min) < 0) {
            problem(where(s) + ": " + raw(s) + " is shorter than the minimum " + Durations.format(min));
        }
        return d;
    }

    boolean bool(Setting s, boolean fallback) {
        return parse(
                s,
                "true or false",
                v -> {
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                        throw new IllegalArgumentException(v);
                    }
                    return Boolean.parseBoolean(v);
                },
                fallback);
    }

    /** A listen address: a host name or an IP literal, no port, no URL. */
    String host(Setting s) {
        String h = raw(s);
        if (h.isEmpty() || h.matches(".*[\\s/@].*")) {
            problem(
                    where(s) + ": '" + h
                            + "' must be an address to listen on, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)");
        }
        return h;
    }

    /**
     * A TLS listener when its certificate and key are both set (and readable); empty when neither is.
     * Its port must differ from the plain listener's, which keeps running beside it.
     */
    Optional<TlsListener> tls(
            Setting hostSetting,
            Setting portSetting,
            int minPort,
            Setting certSetting,
            Setting keySetting,
            Setting plainPortSetting,
            int plainPort) {
        Optional<String> cert = optional(certSetting);
        Optional<String> key = optional(keySetting);
        String host = host(hostSetting);
        int port = intIn(portSetting, minPort, 65535);
        if (cert.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        if (cert.isEmpty() || key.isEmpty()) {
            Setting missing = cert.isEmpty() ? certSetting : keySetting;
            problem(where(missing) + ": TLS needs both " + certSetting.key() + " and " + keySetting.key()
                    + " (PEM files); set " + missing.envName() + " too, or neither for no TLS listener");
            return Optional.empty();
        }
        readableFile(certSetting, cert.get());
        readableFile(keySetting, key.get());
        if (port != 0 && port == plainPort) {
            problem(where(portSetting) + ": " + port + " is also " + plainPortSetting.key()
                    + "; the TLS listener runs beside the plain one and needs a port of its own");
        }
        return Optional.of(new TlsListener(
                host,
                port,
                Path.of(cert.get()).toAbsolutePath(),
                Path.of(key.get()).toAbsolutePath()));
    }

    void readableFile(Setting s, String path) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            problem(where(s) + ": '" + path + "' is not a readable file (a PEM file is expected)");
        }
    }
}
