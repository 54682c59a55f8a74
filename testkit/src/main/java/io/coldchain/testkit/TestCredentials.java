package io.coldchain.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issues MQTT credentials through a running backend's HTTP API (contract §5), for tests that publish
 * as a gateway or subscribe to alerts on a broker that checks logins (the embedded broker of
 * {@code run}).
 */
public final class TestCredentials {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern FIELD = Pattern.compile("\"(username|password)\"\\s*:\\s*\"([^\"]+)\"");

    /** A broker login: user name {@code {tenant}/{name}} and its password. */
    public record Login(String username, String password) {
        public byte[] passwordBytes() {
            return password.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Login[" + username + "]";
        }
    }

    private TestCredentials() {}

    /** A new {@code gateway} credential named {@code gateway} (may publish only on its own topics). */
    public static Login gateway(String baseUrl, String adminToken, String tenant, String gateway) {
        return issue(baseUrl, adminToken, tenant, gateway, "gateway");
    }

    /** A new {@code alerts} credential (may subscribe only to {@code coldchain/v1/{tenant}/alerts}). */
    public static Login alerts(String baseUrl, String adminToken, String tenant, String name) {
        return issue(baseUrl, adminToken, tenant, name, "alerts");
    }

    private static Login issue(String baseUrl, String adminToken, String tenant, String name, String kind) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/tenants/" + tenant + "/mqtt-credentials"))
                            .header("Authorization", "Bearer " + adminToken)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"" + name + "\",\"kind\":\"" + kind + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException(
                        "issuing MQTT credential " + tenant + "/" + name + ": " + r.statusCode() + " " + r.body());
            }
            return parse(r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The user name and password of an issue or rotate answer. */
    public static Login parse(String body) {
        String username = null;
        String password = null;
        Matcher m = FIELD.matcher(body);
        while (m.find()) {
            if (m.group(1).equals("username")) {
                username = m.group(2);
            } else {
                password = m.group(2);
            }
        }
        if (username == null || password == null) {
            throw new IllegalStateException("no user name and password in the answer");
        }
        return new Login(username, password);
    }
}
