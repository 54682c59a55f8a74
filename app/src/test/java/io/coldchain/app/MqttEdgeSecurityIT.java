package io.coldchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.coldchain.api.TokenService;
import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.config.ConfigLoader;
import io.coldchain.testkit.TestBroker;
import io.coldchain.testkit.TestCredentials;
import io.coldchain.testkit.TestCredentials.Login;
import io.coldchain.testkit.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MQTT edge of {@code run} (contract §5): the whole backend on its embedded broker, which checks
 * every login against the credentials issued through the HTTP API and every publish and subscription
 * against the credential's topics. Real PostgreSQL, real broker, real MQTT 5 and 3.1.1 clients (Paho).
 */
class MqttEdgeSecurityIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int NOT_AUTHORIZED = 0x87;
  private static final int BAD_USER_OR_PASSWORD = 0x86;
  private static Backend backend;
  private static TokenService tokens;
  private static String base;
  private static String url;
  private static String jdbc;
  private static TestDatabase db;
  private final List<ThrowingRunnable> open = new ArrayList<>();

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.get();
    jdbc = db.newDatabase("mqttedge");
    Map<String, String> flags = new HashMap<>();
    flags.put("db.url", jdbc);
    flags.put("db.user", db.user());
    flags.put("db.password", db.password());
    flags.put("mqtt.port", Integer.toString(TestBroker.freePort()));
    flags.put("mqtt.bind", "127.0.0.1");
    flags.put("mqtt.client.id", "edge-" + UUID.randomUUID().toString().substring(0, 8));
    flags.put("http.port", "0");
    flags.put("data.dir", Files.createTempDirectory("coldchain-mqtt-edge").toString());
    ColdchainConfig config = ConfigLoader.load(flags, Map.of(), Optional.empty());
    tokens = new TokenService(config.auth(), config.dataDir());
    backend = startDelivering(config);
  }

  /**
   * Starts the backend and checks that a probe reading is stored: embedded HiveMQ CE can leave a
   * fresh shared subscriber idle (its issue 558, see docs/design.md); if so, the backend is started
   * again on the same database, as {@code ScenarioAlertsIT} does.
   */
  private static Backend startDelivering(ColdchainConfig config) throws Exception {
    for (int attempt = 1; ; attempt++) {
      Backend b = new Backend(config).start();
      base = "http://127.0.0.1:" + b.httpPort();
      url = b.mqtt().brokerUrl();
      String tenant = "probe" + attempt;
      Login probe = TestCredentials.gateway(base, admin(tenant), tenant, "gw");
      MqttAsyncClient c = open5("probe-" + attempt, probe);
      publish5(c, "coldchain/v1/" + tenant + "/gw/readings", readings("probe-sensor", 1, 0));
      c.disconnect().waitForCompletion(5000);
      c.close();
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < deadline && stored(tenant) < 1) {
        Thread.sleep(200);
      }
      if (stored(tenant) >= 1 || attempt == 3) {
        return b;
      }
      b.close();
    }
  }

  @AfterEach
  void closeClients() {
    Collections.reverse(open);
    for (ThrowingRunnable c : open) {
      try {
        c.run();
      } catch (Exception e) {
        // already gone
      }
    }
  }

  @AfterAll
  static void stop() {
    if (backend != null) {
      backend.close();
    }
  }

  // ---- who may connect ----------------------------------------------------------------------------

  @Test
  void anonymousAndWrongPasswordsAreRefusedOverMqtt5() throws Exception {
    String t = tenant();
    Login gw = TestCredentials.gateway(base, admin(t), t, "truck-1");
    assertThat(refusal5(null)).isEqualTo(BAD_USER_OR_PASSWORD);
    assertThat(refusal5(new Login(gw.username(), gw.password() + "x"))).isEqualTo(BAD_USER_OR_PASSWORD);
    assertThat(refusal5(new Login(t + "/nobody", gw.password()))).isEqualTo(BAD_USER_OR_PASSWORD);
    assertThat(refusal5(new Login("coldchain-backend", gw.password()))).isEqualTo(BAD_USER_OR_PASSWORD);
    // The right one gets in.
    assertThat(connect5("ok-" + t, gw).isConnected()).isTrue();
    assertThat(refusals("bad_credentials")).isGreaterThanOrEqualTo(4);
  }

  @Test
  void anonymousAndWrongPasswordsAreRefusedOverMqtt311() throws Exception {
    String t = tenant();
    Login gw = TestCredentials.gateway(base, admin(t), t, "truck-1");
    assertThat(refusal3(null)).isEqualTo(org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    assertThat(refusal3(new Login(gw.username(), "wrong-" + gw.password())))
        .isEqualTo(org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_FAILED_AUTHENTICATION);
    org.eclipse.paho.client.mqttv3.MqttClient ok = connect3("ok3-" + t, gw);
    assertThat(ok.isConnected()).isTrue();
  }

  @Test
  void aTenantCredentialMayNotUseTheBackendsClientIds() throws Exception {
    String t = tenant();
    Login gw = TestCredentials.gateway(base, admin(t), t, "truck-1");
    String backendId = backend.mqtt().clientId();
    for (String id : List.of(backendId, backendId + "-1", backendId + "-notify")) {
      MqttException e = catchThrowableOfType(MqttException.class, () -> connect5(id, gw));
      assertThat(e).as(id).isNotNull();
      assertThat(e.getReasonCode()).as(id).isEqualTo(NOT_AUTHORIZED);
    }
    // ...and the backend is still connected on all of them.
    assertThat(backend.mqtt().consumers()).isGreaterThan(0);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> healthUp());
  }

  // ---- what a gateway may do --------------------------------------------------------------------

  /**
   * A gateway credential trying every way out of its own topics, while a legitimate gateway of the
   * same tenant publishes: each attempt refused, the legitimate readings all stored, exactly, and
   * nothing stored under another gateway's name or another tenant. HiveMQ answers a refused MQTT 5
   * publish with PUBACK 0x87 and then closes the connection, so the rogue reconnects for each try.
   */
  @Test
  void aGatewayPublishesOnlyOnItsOwnTopicsAndNotOneReadingIsLost() throws Exception {
    String t = tenant();
    String other = tenant();
    Login rogueLogin = TestCredentials.gateway(base, admin(t), t, "rogue");
    Login honestLogin = TestCredentials.gateway(base, admin(t), t, "honest");
    MqttAsyncClient honest = connect5("honest-" + t, honestLogin);
    double publishRefusalsBefore = refusals("publish");

    int messages = 20;
    int perMessage = 5;
    List<String> forbidden = List.of("coldchain/v1/" + t + "/honest/readings", "coldchain/v1/" + t + "/honest/senml",
        "coldchain/v1/" + t + "/honest/status", "coldchain/v1/" + other + "/rogue/readings", "coldchain/v1/" + t + "/alerts",
        "coldchain/v1/" + t + "/rogue/other", "coldchain/v1/" + t + "/rogue");
    int attempt = 0;
    for (int i = 0; i < messages; i++) {
      assertThat(publish5(honest, "coldchain/v1/" + t + "/honest/readings", readings("honest-p1", perMessage, i)))
          .isZero();
      // Between the honest messages, the rogue tries another gateway, another tenant, the alerts.
      String topic = forbidden.get(i % forbidden.size());
      MqttAsyncClient rogue = connect5("rogue-" + t + "-" + attempt++, rogueLogin);
      assertThat(publish5(rogue, topic, readings("stolen-" + i, 1, i))).as(topic).isEqualTo(NOT_AUTHORIZED);
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !rogue.isConnected());
      assertThat(honest.isConnected()).isTrue();
    }
    MqttAsyncClient rogue = connect5("rogue-" + t + "-sub", rogueLogin);
    for (String filter : List.of("#", "coldchain/v1/+/+/readings", "$share/" + backend.mqtt().shareGroup()
        + "/coldchain/v1/+/+/readings", "$share/g/coldchain/v1/" + t + "/+/readings", "coldchain/v1/" + t + "/alerts",
        "coldchain/v1/" + t + "/rogue/readings")) {
      assertThat(subscribe5(rogue, filter)).as(filter).isEqualTo(NOT_AUTHORIZED);
    }
    // Its own topic works, on the same connection.
    assertThat(publish5(rogue, "coldchain/v1/" + t + "/rogue/readings", readings("rogue-p1", 1, 0))).isZero();

    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stored(t) >= messages * perMessage + 1);
    assertThat(count("SELECT count(*) FROM reading_log WHERE tenant = ? AND sensor = 'honest-p1' AND gateway = 'honest'", t))
        .isEqualTo(messages * perMessage);
    assertThat(count("SELECT count(*) FROM reading_log WHERE tenant = ? AND sensor = 'rogue-p1' AND gateway = 'rogue'", t))
        .isEqualTo(1);
    assertThat(stored(t)).isEqualTo(messages * perMessage + 1);
    assertThat(count("SELECT count(*) FROM reading_log WHERE tenant = ? AND sensor LIKE 'stolen-%'", t)).isZero();
    assertThat(count("SELECT count(*) FROM reading_log WHERE tenant = ?", other)).isZero();
    assertThat(count("SELECT count(*) FROM rejected_messages WHERE tenant = ?", t)).isZero();
    assertThat(refusals("publish") - publishRefusalsBefore).isEqualTo(messages);
  }

  /** MQTT 3.1.1 has no negative PUBACK: a publish outside the topics ends the connection. */
  @Test
  void aMqtt311GatewayPublishingOutsideItsTopicsIsDisconnected() throws Exception {
    String t = tenant();
    Login gw = TestCredentials.gateway(base, admin(t), t, "truck-3");
    org.eclipse.paho.client.mqttv3.MqttClient ok = connect3("v3-" + t, gw);
    ok.publish("coldchain/v1/" + t + "/truck-3/readings", readings("v3-p1", 1, 0), 1, false);
    assertThat(ok.isConnected()).isTrue();
    org.eclipse.paho.client.mqttv3.MqttException e = catchThrowableOfType(
        org.eclipse.paho.client.mqttv3.MqttException.class,
        () -> ok.publish("coldchain/v1/" + t + "/truck-4/readings", readings("v3-p2", 1, 0), 1, false));
    assertThat(e).isNotNull();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !ok.isConnected());
    // A refused subscription is SUBACK 0x80.
    org.eclipse.paho.client.mqttv3.MqttClient sub = connect3("v3s-" + t, gw);
    org.eclipse.paho.client.mqttv3.IMqttToken token = sub.subscribeWithResponse("#", 1);
    assertThat(token.getGrantedQos()).containsExactly(0x80);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(
        "SELECT count(*) FROM reading_log WHERE tenant = ? AND sensor = 'v3-p1'", t) == 1);
    assertThat(count("SELECT count(*) FROM reading_log WHERE tenant = ? AND sensor = 'v3-p2'", t)).isZero();
  }

  // ---- alerts -------------------------------------------------------------------------------------

  /**
   * Forged alerts (from a gateway credential, from an alerts credential) are refused and never reach
   * an alerts subscriber; only the backend's publish does. The backend's message, sent after the
   * forgeries were refused, marks the point by which they would have arrived.
   */
  @Test
  void aForgedAlertNeverReachesAnAlertsSubscriber() throws Exception {
    String t = tenant();
    Login listener = TestCredentials.alerts(base, admin(t), t, "ops-screen");
    Login gw = TestCredentials.gateway(base, admin(t), t, "truck-9");
    Login otherListener = TestCredentials.alerts(base, admin(t), t, "other-screen");
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    MqttAsyncClient sub = connect5("screen-" + t, listener);
    sub.setCallback(new Received(received));
    assertThat(subscribe5(sub, "coldchain/v1/" + t + "/alerts")).isEqualTo(1);

    String alerts = "coldchain/v1/" + t + "/alerts";
    assertThat(publish5(connect5("forger-" + t, gw), alerts, "{\"event\":\"forged-by-gateway\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(NOT_AUTHORIZED);
    assertThat(publish5(connect5("forger2-" + t, otherListener), alerts,
        "{\"event\":\"forged-by-listener\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo(NOT_AUTHORIZED);

    MqttAsyncClient genuine = backendClient();
    assertThat(publish5(genuine, alerts, "{\"event\":\"genuine\"}".getBytes(StandardCharsets.UTF_8))).isZero();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
    assertThat(received).containsExactly(alerts + " {\"event\":\"genuine\"}");
  }

  @Test
  void anAlertsCredentialNeverSeesAnotherTenantsAlerts() throws Exception {
    String a = tenant();
    String b = tenant();
    Login listener = TestCredentials.alerts(base, admin(a), a, "ops");
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    MqttAsyncClient sub = connect5("ops-" + a, listener);
    sub.setCallback(new Received(received));
    for (String filter : List.of("coldchain/v1/" + b + "/alerts", "coldchain/v1/+/alerts", "#", "coldchain/v1/#",
        "$share/x/coldchain/v1/" + b + "/alerts")) {
      assertThat(subscribe5(sub, filter)).as(filter).isEqualTo(NOT_AUTHORIZED);
    }
    assertThat(subscribe5(sub, "coldchain/v1/" + a + "/alerts")).isEqualTo(1);
    MqttAsyncClient backendSide = backendClient();
    publish5(backendSide, "coldchain/v1/" + b + "/alerts", "{\"for\":\"b\"}".getBytes(StandardCharsets.UTF_8));
    publish5(backendSide, "coldchain/v1/" + a + "/alerts", "{\"for\":\"a\"}".getBytes(StandardCharsets.UTF_8));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
    assertThat(received).containsExactly("coldchain/v1/" + a + "/alerts {\"for\":\"a\"}");
    // Publishing is refused too.
    assertThat(publish5(sub, "coldchain/v1/" + a + "/alerts", "{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(NOT_AUTHORIZED);
  }

  // ---- revocation and rotation ----------------------------------------------------------------------

  @Test
  void revocationDisconnectsAConnectedClientWithinSeconds() throws Exception {
    String t = tenant();
    Login gw = TestCredentials.gateway(base, admin(t), t, "truck-5");
    MqttAsyncClient c = connect5("revoked-" + t, gw);
    assertThat(c.isConnected()).isTrue();
    HttpResponse<String> r = http("DELETE", "/api/v1/tenants/" + t + "/mqtt-credentials/truck-5", admin(t), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Instant revoked = Instant.now();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !c.isConnected());
    assertThat(Duration.between(revoked, Instant.now())).isLessThan(Duration.ofSeconds(5));
    assertThat(refusal5(gw)).isEqualTo(BAD_USER_OR_PASSWORD);
    // Listed as revoked, without any password or hash; issued again, it works with the new password only.
    String list = http("GET", "/api/v1/tenants/" + t + "/mqtt-credentials", admin(t), null).body();
    assertThat(list).contains("\"revoked_at\":\"").doesNotContain("password\"").doesNotContain("argon2");
    Login again = TestCredentials.gateway(base, admin(t), t, "truck-5");
    assertThat(refusal5(gw)).isEqualTo(BAD_USER_OR_PASSWORD);
    assertThat(connect5("again-" + t, again).isConnected()).isTrue();
    assertThat(http("POST", "/api/v1/tenants/" + t + "/mqtt-credentials", admin(t),
        "{\"name\":\"truck-5\",\"kind\":\"gateway\"}").statusCode()).isEqualTo(409);
  }

  @Test
  void rotationKeepsTheOldPasswordValidForItsGracePeriodOnly() throws Exception {
    String t = tenant();
    Login old = TestCredentials.gateway(base, admin(t), t, "truck-7");
    MqttAsyncClient connectedWithOld = connect5("rot-old-" + t, old);
    HttpResponse<String> r = http("POST", "/api/v1/tenants/" + t + "/mqtt-credentials/truck-7/rotate", admin(t),
        "{\"grace_s\":15}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Login fresh = TestCredentials.parse(r.body());
    assertThat(fresh.password()).isNotEqualTo(old.password());
    Instant graceEnd = Instant.parse(new io.vertx.core.json.JsonObject(r.body()).getString("previous_valid_until"));

    // Within the grace period: both passwords, and the old connection stays.
    MqttAsyncClient reconnectedWithOld = connect5("rot-old2-" + t, old);
    MqttAsyncClient withNew = connect5("rot-new-" + t, fresh);
    assertThat(Instant.now()).isBefore(graceEnd);
    assertThat(connectedWithOld.isConnected()).isTrue();
    assertThat(publish5(connectedWithOld, "coldchain/v1/" + t + "/truck-7/readings", readings("rot-p1", 1, 0))).isZero();

    // After it: the old password is refused, its connections are closed, the new one stays.
    // (15 s of grace: each login with a password not yet cached is an Argon2id check, slow on a busy machine.)
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(graceEnd));
    assertThat(refusal5(old)).isEqualTo(BAD_USER_OR_PASSWORD);
    Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> !connectedWithOld.isConnected() && !reconnectedWithOld.isConnected());
    assertThat(withNew.isConnected()).isTrue();
    assertThat(connect5("rot-new2-" + t, fresh).isConnected()).isTrue();

    // Without a grace period, the old password stops at once.
    HttpResponse<String> now = http("POST", "/api/v1/tenants/" + t + "/mqtt-credentials/truck-7/rotate", admin(t), null);
    assertThat(now.statusCode()).isEqualTo(200);
    assertThat(refusal5(fresh)).isEqualTo(BAD_USER_OR_PASSWORD);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !withNew.isConnected());
    assertThat(connect5("rot-newest-" + t, TestCredentials.parse(now.body())).isConnected()).isTrue();
  }

  // ---- the simulator and the bench log in --------------------------------------------------------

  /** A scenario run through the API: its gateways get credentials, log in and publish without a single refusal. */
  @Test
  void theSimulatorsGatewaysLogInWithTheirCredentials() throws Exception {
    String t = tenant();
    double refusedBefore = refusals("bad_credentials") + refusals("publish");
    try (io.coldchain.simulator.ScenarioRunner.Handle run = io.coldchain.simulator.ScenarioRunner.start(
        "dairy-morning-round", io.coldchain.simulator.SimOptions.of(url).withApi(URI.create(base), admin(t))
            .withTenant(t).withSpeed(0).withDeliveryFaults(false))) {
      assertThat(run.awaitDone(Duration.ofMinutes(3))).as("the simulation finished").isTrue();
      assertThat(run.stats().failures()).as("publishes or connects that failed").isZero();
      long readings = run.stats().readings();
      assertThat(readings).isPositive();
      // Every reading accounted for: stored, or refused for its content (the scenario's probe faults).
      String refused = "SELECT count(*) FROM rejected_readings WHERE tenant = ?";
      Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> stored(t) + count(refused, t) >= readings);
      assertThat(stored(t) + count(refused, t)).isEqualTo(readings);
      assertThat(stored(t)).isPositive();
    }
    assertThat(refusals("bad_credentials") + refusals("publish")).isEqualTo(refusedBefore);
  }

  /** The bench's load generator, each gateway with its credential: every reading stored, exactly. */
  @Test
  void theLoadGeneratorLogsInWithCredentials() throws Exception {
    String t = tenant();
    io.coldchain.simulator.LoadGenerator.Plan plan = new io.coldchain.simulator.LoadGenerator.Plan(url, t, 3, 4, 10, 600, 0,
        Instant.now().minus(Duration.ofHours(2)), 10);
    java.util.Map<String, io.coldchain.simulator.gateway.GatewayLogin> logins = new java.util.HashMap<>();
    for (String g : plan.gatewayIds()) {
      Login l = TestCredentials.gateway(base, admin(t), t, g);
      logins.put(g, new io.coldchain.simulator.gateway.GatewayLogin(l.username(), l.password()));
    }
    io.coldchain.simulator.LoadGenerator.Result r = new io.coldchain.simulator.LoadGenerator(plan.withLogins(logins)).run();
    assertThat(r.readings()).isEqualTo(600);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stored(t) >= 600);
    assertThat(stored(t)).isEqualTo(600);
    // Without them, nobody gets in.
    assertThat(catchThrowableOfType(MqttException.class, () -> new io.coldchain.simulator.LoadGenerator(plan).run()))
        .isNotNull().extracting(MqttException::getReasonCode).isEqualTo(BAD_USER_OR_PASSWORD);
  }

  // ---- helpers --------------------------------------------------------------------------------------

  private static final AtomicInteger tenants = new AtomicInteger();

  private static String tenant() {
    return "edge" + tenants.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  private static String admin(String tenant) {
    return tokens.issue(tenant, "admin", Optional.empty(), Duration.ofHours(1));
  }

  private static byte[] readings(String sensor, int n, int message) {
    StringBuilder b = new StringBuilder("{\"readings\":[");
    Instant t0 = Instant.now().minus(Duration.ofHours(1)).plusSeconds(message * 60L);
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("{\"sensor\":\"").append(sensor).append("\",\"ts\":\"")
          .append(t0.plusSeconds(i)).append("\",\"temp_c\":4.0}");
    }
    return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private MqttAsyncClient backendClient() throws Exception {
    Login login = new Login(backend.mqtt().username().orElseThrow(), backend.mqtt().password().orElseThrow());
    return connect5(backend.mqtt().clientId() + "-itest", login);
  }

  /** Connects over MQTT 5; closed after the test. */
  private MqttAsyncClient connect5(String clientId, Login login) throws MqttException {
    MqttAsyncClient c = open5(clientId, login);
    open.add(() -> {
      if (c.isConnected()) {
        c.disconnectForcibly(0, 1000, false);
      }
      c.close(true);
    });
    return c;
  }

  private static MqttAsyncClient open5(String clientId, Login login) throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setAutomaticReconnect(false);
    o.setConnectionTimeout(10);
    if (login != null) {
      o.setUserName(login.username());
      o.setPassword(login.passwordBytes());
    }
    try {
      c.connect(o).waitForCompletion(15_000);
    } catch (MqttException e) {
      c.close(true);
      throw e;
    }
    return c;
  }

  private int refusal5(Login login) {
    MqttException e = catchThrowableOfType(MqttException.class, () -> open5("refused-" + UUID.randomUUID(), login));
    assertThat(e).as("the connect was refused").isNotNull();
    return e.getReasonCode();
  }

  private org.eclipse.paho.client.mqttv3.MqttClient connect3(String clientId, Login login) throws Exception {
    org.eclipse.paho.client.mqttv3.MqttClient c = new org.eclipse.paho.client.mqttv3.MqttClient(url, clientId,
        new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
    org.eclipse.paho.client.mqttv3.MqttConnectOptions o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
    o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setCleanSession(true);
    if (login != null) {
      o.setUserName(login.username());
      o.setPassword(login.password().toCharArray());
    }
    c.connect(o);
    open.add(() -> {
      try {
        if (c.isConnected()) {
          c.disconnectForcibly(0, 1000);
        }
        c.close();
      } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
        // already gone
      }
    });
    return c;
  }

  private int refusal3(Login login) throws Exception {
    org.eclipse.paho.client.mqttv3.MqttException e = catchThrowableOfType(org.eclipse.paho.client.mqttv3.MqttException.class,
        () -> connect3("refused3-" + UUID.randomUUID(), login));
    assertThat(e).as("the connect was refused").isNotNull();
    return e.getReasonCode();
  }

  /** A QoS 1 publish: its PUBACK reason code (0 accepted, 0x87 not authorized). */
  private static int publish5(MqttAsyncClient c, String topic, byte[] payload) throws MqttException {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    try {
      IMqttToken token = c.publish(topic, m);
      token.waitForCompletion(10_000);
      int[] codes = token.getReasonCodes();
      return codes == null || codes.length == 0 ? 0 : codes[0];
    } catch (MqttException e) {
      if (e.getReasonCode() >= 0x80 && e.getReasonCode() < 0x100) {
        return e.getReasonCode();
      }
      throw e;
    }
  }

  /** A subscription at QoS 1: its SUBACK reason code (1 granted, 0x87 not authorized). */
  private static int subscribe5(MqttAsyncClient c, String filter) throws MqttException {
    try {
      IMqttToken token = c.subscribe(new MqttSubscription(filter, 1));
      token.waitForCompletion(10_000);
      return token.getReasonCodes()[0];
    } catch (MqttException e) {
      if (e.getReasonCode() >= 0x80 && e.getReasonCode() < 0x100) {
        return e.getReasonCode();
      }
      throw e;
    }
  }

  private static long stored(String tenant) throws Exception {
    return count("SELECT count(*) FROM reading_log WHERE tenant = ?", tenant);
  }

  private static long count(String sql, String tenant) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc, db.user(), db.password());
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static double refusals(String reason) {
    return backend.registry().find("coldchain.mqtt.auth.refusals").tag("reason", reason).counter().count();
  }

  private static boolean healthUp() throws Exception {
    return http("GET", "/health", null, null).statusCode() == 200;
  }

  private static HttpResponse<String> http(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Collects "topic payload" of every message that arrives. */
  private record Received(List<String> into) implements org.eclipse.paho.mqttv5.client.MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      into.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
    }

    @Override
    public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

    @Override
    public void mqttErrorOccurred(MqttException e) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}
  }
}
