package io.coldchain.embedded.broker;

import com.hivemq.extension.sdk.api.services.Services;
import io.coldchain.core.credential.MqttCredentialEvents;
import io.coldchain.core.credential.MqttCredentialVerifier;
import io.coldchain.core.credential.MqttIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may connect to the embedded broker, and what each may publish and subscribe to (contract §5):
 * registers {@link CredentialAuthenticator} and {@link TopicAuthorizer} with HiveMQ, and acts on
 * credential changes made through this backend ({@link MqttCredentialEvents}): a revoked credential's
 * clients are disconnected at once, a rotated one's old-password clients when the grace period ends
 * (checked every second).
 */
public final class BrokerSecurity implements MqttCredentialEvents, BrokerExtension.Part {
    /** How long a successful login is remembered: the longest a revocation made by another instance takes to bite. */
    public static final Duration LOGIN_CACHE_TTL = Duration.ofSeconds(5);
    /** Argon2id is CPU-bound: two checks at a time, a bounded queue behind them (a flood waits or is refused, 0x88). */
    private static final int CHECK_THREADS = 2;

    private static final int CHECK_QUEUE = 10_000;

    private final MqttCredentialVerifier verifier;
    private final BackendLogin backend;
    private final LoginCache cache;
    private final ConnectedClients clients;
    private final AuthRefusals refusals;
    /** Built up front: the readings interceptor asks it too (see {@link #mayPublish}). */
    private final TopicAuthorizer authorizer;

    private ThreadPoolExecutor checks;
    private ScheduledExecutorService sweeper;

    public BrokerSecurity(MqttCredentialVerifier verifier, BackendLogin backend, MeterRegistry registry) {
        this(verifier, backend, registry, Clock.systemUTC());
    }

    BrokerSecurity(MqttCredentialVerifier verifier, BackendLogin backend, MeterRegistry registry, Clock clock) {
        this.verifier = verifier;
        this.backend = backend;
        this.cache = new LoginCache(LOGIN_CACHE_TTL, clock);
        this.clients = new ConnectedClients(clock);
        this.refusals = new AuthRefusals(registry);
        this.authorizer = new TopicAuthorizer(refusals);
    }

    /**
     * Whether the connection behind this intercepted PUBLISH may publish on its topic (refusals
     * counted and logged). The readings interceptor asks before it stores anything: a publish it
     * takes in-process and acknowledges never reaches HiveMQ's own authorizer.
     */
    public boolean mayPublish(com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput input) {
        return authorizer.admits(input);
    }

    /** Called from {@link BrokerExtension#extensionStart}. */
    @Override
    public synchronized void register() {
        AtomicInteger n = new AtomicInteger();
        checks = new ThreadPoolExecutor(
                CHECK_THREADS,
                CHECK_THREADS,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(CHECK_QUEUE),
                r -> daemon(r, "coldchain-mqtt-auth-" + n.incrementAndGet()));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "coldchain-mqtt-auth-expiry"));
        sweeper.scheduleWithFixedDelay(clients::expire, 1, 1, TimeUnit.SECONDS);
        CredentialAuthenticator authenticator =
                new CredentialAuthenticator(verifier, backend, cache, clients, refusals, checks);
        Services.securityRegistry().setAuthenticatorProvider(input -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(input -> authorizer);
    }

    @Override
    public synchronized void close() {
        if (checks != null) {
            checks.shutdownNow();
            sweeper.shutdownNow();
        }
    }

    @Override
    public void rotated(MqttIdentity identity, char[] password, Instant oldValidUntil) {
        cache.forget(identity.username());
        clients.rotated(identity, oldValidUntil);
    }

    @Override
    public void revoked(MqttIdentity identity) {
        cache.forget(identity.username());
        clients.revoked(identity);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
