package io.coldchain.ingest.mqtt;

import java.time.Duration;

/**
 * Notices a consumer the broker has stopped delivering to while the connection looks healthy (a
 * broker bug, e.g. HiveMQ CE's latched shared-subscription flag; /health would stay up and the
 * queue would grow unseen). Each {@link #INTERVAL} the consumer publishes a probe onto its own
 * shared subscription; every message that arrives, probe or reading, counts as delivery. When
 * {@link #MISSED} intervals pass with probes sent and nothing arriving, the consumer reconnects.
 *
 * <p>With several instances in the share group a probe may be delivered to a sibling (which
 * acknowledges and drops it), but each member receives the others' probes in turn, so a healthy
 * member does not go {@code MISSED} intervals without any. Pure bookkeeping, no I/O: the verticle
 * owns the timer, the publish and the reconnect.
 */
final class DeliveryWatchdog {
    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final int MISSED = 3;
    /** The tenant level of probe topics: '$' is not allowed in identifiers, so no gateway's topic can match. */
    static final String PROBE_TENANT = "$watchdog";

    private long lastArrival;
    private long probesSinceArrival;

    DeliveryWatchdog(long nowNanos) {
        this.lastArrival = nowNanos;
    }

    static String probeTopic(String clientId) {
        return "coldchain/v1/" + PROBE_TENANT + "/" + clientId.replaceAll("[/+#]", "_") + "/readings";
    }

    static boolean isProbe(String topic) {
        return topic.startsWith("coldchain/v1/" + PROBE_TENANT + "/");
    }

    synchronized void arrived(long nowNanos) {
        lastArrival = nowNanos;
        probesSinceArrival = 0;
    }

    synchronized long lastArrival() {
        return lastArrival;
    }

    /** Called each interval just before a probe is sent; true when the consumer should reconnect. */
    synchronized boolean tick() {
        if (probesSinceArrival >= MISSED) {
            probesSinceArrival = 0;
            return true;
        }
        probesSinceArrival++;
        return false;
    }

    /** After a (re)connect nothing is owed yet. */
    synchronized void reset(long nowNanos) {
        arrived(nowNanos);
    }
}
