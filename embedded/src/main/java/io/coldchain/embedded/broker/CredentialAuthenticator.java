package io.coldchain.embedded.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import io.coldchain.core.credential.MqttCredentialVerifier;
import io.coldchain.core.credential.MqttCredentialVerifier.Verified;
import io.coldchain.core.credential.MqttIdentity;
import io.coldchain.core.model.Ids;
import io.coldchain.embedded.broker.AuthRefusals.Reason;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONNECT: nobody without a credential. The backend's own login is checked in memory; a tenant
 * credential by the store ({@link MqttCredentialVerifier}: a database read and an Argon2id check),
 * on a small executor of our own through the SDK's async output, so HiveMQ's threads never wait
 * on JDBC or the hash. Recent successes come from {@link LoginCache}.
 *
 * <p>Answers: CONNACK 0x86 (bad user name or password) for a missing, unknown, wrong, revoked or
 * expired credential; 0x87 (not authorized) for a tenant credential using a backend client id;
 * 0x88 (server unavailable) when the store cannot answer. The password is never logged.
 */
final class CredentialAuthenticator implements SimpleAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialAuthenticator.class);
    /** Longer than a database hiccup, shorter than a client's connect timeout (Paho: 30 s). */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    private final MqttCredentialVerifier verifier;
    private final BackendLogin backend;
    private final LoginCache cache;
    private final ConnectedClients clients;
    private final AuthRefusals refusals;
    private final ExecutorService executor;

    CredentialAuthenticator(
            MqttCredentialVerifier verifier,
            BackendLogin backend,
            LoginCache cache,
            ConnectedClients clients,
            AuthRefusals refusals,
            ExecutorService executor) {
        this.verifier = verifier;
        this.backend = backend;
        this.cache = cache;
        this.clients = clients;
        this.refusals = refusals;
        this.executor = executor;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        Optional<String> username = input.getConnectPacket().getUserName();
        Optional<ByteBuffer> rawPassword = input.getConnectPacket().getPassword();
        if (username.isEmpty() || rawPassword.isEmpty()) {
            refuse(
                    output,
                    Reason.BAD_CREDENTIALS,
                    ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
                    clientId,
                    username,
                    "no user name or password");
            return;
        }
        String user = username.get();
        byte[] password = bytes(rawPassword.get());
        if (backend.matches(user, password)) {
            accept(
                    input,
                    output,
                    clientId,
                    new Verified(
                            new MqttIdentity("", backend.clientIdPrefix(), MqttIdentity.Kind.BACKEND),
                            Optional.empty()));
            return;
        }
        if (backend.ownsClientId(clientId) || user.equals(backend.username())) {
            Arrays.fill(password, (byte) 0);
            boolean wrongBackendPassword = user.equals(backend.username());
            refuse(
                    output,
                    wrongBackendPassword ? Reason.BAD_CREDENTIALS : Reason.RESERVED_CLIENT_ID,
                    wrongBackendPassword
                            ? ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD
                            : ConnackReasonCode.NOT_AUTHORIZED,
                    clientId,
                    username,
                    wrongBackendPassword ? "wrong backend password" : "the client id is reserved for the backend");
            return;
        }
        Optional<Verified> cached = cache.get(user, password);
        if (cached.isPresent()) {
            Arrays.fill(password, (byte) 0);
            accept(input, output, clientId, cached.get());
            return;
        }
        Async<SimpleAuthOutput> async = output.async(
                CHECK_TIMEOUT,
                TimeoutFallback.FAILURE,
                ConnackReasonCode.SERVER_UNAVAILABLE,
                "credential check timed out");
        try {
            executor.execute(() -> {
                try {
                    Optional<Verified> verified = verifier.verify(user, password);
                    if (verified.isPresent()) {
                        cache.put(user, password, verified.get());
                        accept(input, output, clientId, verified.get());
                    } else {
                        refuse(
                                output,
                                Reason.BAD_CREDENTIALS,
                                ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
                                clientId,
                                username,
                                "unknown, revoked or wrong credential");
                    }
                } catch (RuntimeException e) {
                    refuse(
                            output,
                            Reason.STORE_UNAVAILABLE,
                            ConnackReasonCode.SERVER_UNAVAILABLE,
                            clientId,
                            username,
                            "credential store unavailable: " + e.getMessage());
                } finally {
                    Arrays.fill(password, (byte) 0);
                    async.resume();
                }
            });
        } catch (RejectedExecutionException e) {
            refuse(
                    output,
                    Reason.STORE_UNAVAILABLE,
                    ConnackReasonCode.SERVER_UNAVAILABLE,
                    clientId,
                    username,
                    "shutting down");
            async.resume();
        }
    }

    private void accept(SimpleAuthInput input, SimpleAuthOutput output, String clientId, Verified verified) {
        TopicAuthorizer.remember(input.getConnectionInformation().getConnectionAttributeStore(), verified.identity());
        clients.loggedIn(clientId, verified.identity(), verified.validUntil());
        output.authenticateSuccessfully();
    }

    private void refuse(
            SimpleAuthOutput output,
            Reason reason,
            ConnackReasonCode code,
            String clientId,
            Optional<String> username,
            String why) {
        refusals.count(reason);
        String[] who = TopicAuthorizer.tenantAndName(username.orElse(""));
        LOG.warn(
                "MQTT connect refused ({}): client {} tenant {} credential {}: {}",
                code,
                Ids.describe(clientId),
                who[0],
                who[1],
                why);
        output.failAuthentication(code, reason == Reason.STORE_UNAVAILABLE ? "try again later" : "not authorized");
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer copy = b.asReadOnlyBuffer();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
