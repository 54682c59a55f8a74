package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.registry.user.UserAccounts;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failed logins are slowed and counted: after n failures (for the username, or from the address)
 * within 15 minutes an attempt waits 250 ms × 2^(n-1) before the password is looked at; every
 * attempt is kept in {@code login_attempts} and counted in {@code coldchain_logins_total}. Its own
 * database, since the address's failures would slow every other login of a shared one.
 */
class LoginSlowdownTest {
    private static final String PASSWORD = "right-password-4711";
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("slowdown");
        new UserAccounts(api.pool)
                .create("mallory-target", Optional.of("acme"), "qa", Optional.empty(), "", PASSWORD, "test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void wrongPasswordsAreSlowedCountedAndKept() throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = login("mallory-target", "wrong-password-" + i);
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            // Unknown user, wrong password, disabled account: one answer.
            TestApi.assertError(r, 401, "invalid_login");
            assertThat(new JsonObject(r.body()).getString("detail")).isEqualTo("wrong username or password");
        }
        // Attempt k follows k-1 failures: held back 250 ms × 2^(k-2) before anything else (lower bounds:
        // the server waits at least that long, whatever the machine's load adds).
        assertThat(millis.get(1)).as("2nd attempt, ms").isGreaterThanOrEqualTo(250);
        assertThat(millis.get(2)).as("3rd attempt, ms").isGreaterThanOrEqualTo(500);
        assertThat(millis.get(3)).as("4th attempt, ms").isGreaterThanOrEqualTo(1000);

        // From the same address, another (unknown) username is slowed as well: 4 failures, 2 s.
        long t0 = System.nanoTime();
        TestApi.assertError(login("nobody-here", PASSWORD), 401, "invalid_login");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(2000);

        // The right password still works (after its wait), and is counted as a success.
        HttpResponse<String> ok = login("mallory-target", PASSWORD);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);

        assertThat(api.count("SELECT count(*) FROM login_attempts WHERE NOT succeeded"))
                .isEqualTo(5);
        assertThat(api.count("SELECT count(*) FROM login_attempts WHERE succeeded AND username = 'mallory-target'"))
                .isEqualTo(1);
        assertThat(api.count("SELECT count(*) FROM login_attempts WHERE address = '127.0.0.1'"))
                .isEqualTo(6);
        String metrics = api.get("/metrics", null).body();
        assertThat(metrics)
                .contains("coldchain_logins_total{outcome=\"failure\"} 5.0")
                .contains("coldchain_logins_total{outcome=\"success\"} 1.0");
        assertThat(LoginEndpoint.delayAfter(0, java.time.Duration.ofSeconds(10)))
                .isZero();
        assertThat(LoginEndpoint.delayAfter(30, java.time.Duration.ofSeconds(10)))
                .hasSeconds(10);
    }

    private static HttpResponse<String> login(String username, String password) throws Exception {
        return api.post(
                "/api/v1/login", new JsonObject().put("username", username).put("password", password), null);
    }
}
