package io.coldchain.core.edge;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * The line between an in-process broker and ingest, in plain Java: the embedded broker hands a
 * gateway's readings message over before it acknowledges it, and acknowledges it only when the
 * returned stage completes normally, i.e. when everything in it (readings and refusals) is
 * committed. A stage that completes exceptionally means "not stored": the broker must make the
 * gateway send it again (a disconnect), never acknowledge it.
 */
public interface InProcessIngest {

    /**
     * @param topic the PUBLISH topic, e.g. {@code coldchain/v1/acme/truck-1/readings}
     * @param payload the PUBLISH payload, owned by the callee from now on
     * @param receivedAt when the broker received it
     */
    CompletionStage<Void> accept(String topic, byte[] payload, Instant receivedAt);

    /** Whether a topic is one this path takes (readings or SenML); everything else flows as usual. */
    static boolean handles(String topic) {
        return topic.startsWith("coldchain/v1/")
                && (topic.endsWith("/readings") || topic.endsWith("/senml"))
                && topic.chars().filter(c -> c == '/').count() == 4;
    }
}
