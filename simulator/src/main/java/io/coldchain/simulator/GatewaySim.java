package io.coldchain.simulator;

import io.coldchain.core.model.RejectReason;
import io.coldchain.simulator.gateway.GatewayLink;
import io.coldchain.simulator.gateway.MalformedPayloads;
import io.coldchain.simulator.gateway.Payloads;
import io.coldchain.simulator.gateway.SimReading;
import io.coldchain.simulator.scenario.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One gateway with its habits: it collects its probes' readings, publishes them every
 * {@code publish_interval_s}, buffers while it cannot reach the broker and then replays the
 * backlog in a shuffled order, re-sends some messages (QoS 1 redelivery as the backend sees it),
 * and now and then sends a malformed message.
 */
final class GatewaySim {
    final Scenario.Gateway spec;
    final String tenant;
    final int skewS;
    private final GatewayLink link;
    private final SplittableRandom rng;
    private final SimStats stats;
    private final boolean deliveryFaults;
    private final String foreignSensor;
    private final int publishInterval;
    private final int maxPerMessage;
    private final List<AssetSim.Window> outages = new ArrayList<>();
    private final List<SimReading> pending = new ArrayList<>();
    private final List<Outgoing> backlog = new ArrayList<>();
    private final List<Outgoing> redeliver = new ArrayList<>();
    private long seq;
    private int malformedIndex;
    private boolean online;

    private record Outgoing(String topic, byte[] payload) {}

    GatewaySim(
            Scenario.Gateway g,
            String tenant,
            GatewayLink link,
            long seed,
            SimStats stats,
            boolean deliveryFaults,
            String foreignSensor) {
        this.spec = g;
        this.tenant = tenant;
        this.link = link;
        this.rng = new SplittableRandom(seed);
        this.stats = stats;
        this.deliveryFaults = deliveryFaults;
        this.foreignSensor = foreignSensor;
        this.skewS = g.clockSkewS() == null ? 0 : g.clockSkewS();
        this.publishInterval = g.publishIntervalS() == null ? 60 : g.publishIntervalS();
        this.maxPerMessage = g.maxReadingsPerMessage() == null ? 100 : g.maxReadingsPerMessage();
        // Each gateway starts its round of bad habits somewhere else, so short runs still show many kinds.
        this.malformedIndex = rng.nextInt(MalformedPayloads.KINDS.size());
        if (deliveryFaults) {
            g.outages().forEach(o -> outages.add(AssetSim.Window.of("outages", o.at(), o.duration())));
        }
    }

    void start() {
        online = link.connect();
    }

    void collect(SimReading r) {
        pending.add(r);
    }

    int backlogSize() {
        return backlog.size();
    }

    /**
     * Called every step at {@code t} seconds from the start; {@code simNow} is that instant. A gateway
     * is offline during its scheduled outages and whenever the broker cannot be reached; offline, it
     * keeps its messages and sends them, shuffled, once it is back.
     */
    void tick(long t, Instant simNow, boolean last) {
        boolean reachable = last || outages.stream().noneMatch(w -> w.contains(t));
        boolean publishTick = last || t % publishInterval == 0;
        if (online && !reachable) {
            link.drop();
            online = false;
        } else if (!online && reachable && publishTick) {
            online = link.connect();
            if (online) {
                replayBacklog();
            }
        }
        if (!publishTick) {
            return;
        }
        List<Outgoing> now = new ArrayList<>();
        for (int i = 0; i < pending.size(); i += maxPerMessage) {
            now.add(encode(pending.subList(i, Math.min(pending.size(), i + maxPerMessage))));
        }
        pending.clear();
        List<Outgoing> again = new ArrayList<>(redeliver);
        redeliver.clear();
        for (Outgoing o : again) {
            if (online && !send(o, "duplicate")) {
                online = false;
            }
        }
        for (Outgoing o : now) {
            if (online && send(o, "readings")) {
                if (deliveryFaults && spec.duplicateShare() != null && rng.nextDouble() < spec.duplicateShare()) {
                    redeliver.add(o);
                }
            } else {
                online = false;
                backlog.add(o);
            }
        }
        stats.backlog(spec.id(), backlog.size());
        if (online && deliveryFaults && spec.malformedShare() != null && rng.nextDouble() < spec.malformedShare()) {
            RejectReason kind = MalformedPayloads.KINDS.get(malformedIndex++ % MalformedPayloads.KINDS.size());
            MalformedPayloads.Message m = MalformedPayloads.make(kind, tenant, spec.id(), simNow, foreignSensor);
            if (link.publish(m.topic(), m.payload())) {
                stats.published("malformed", 1);
            }
        }
    }

    /** Sends what is still waiting (backlog, redeliveries) and ends cleanly. */
    void finish() {
        if (!online) {
            online = link.connect();
        }
        if (online) {
            replayBacklog();
            redeliver.forEach(o -> send(o, "duplicate"));
        }
        if (!backlog.isEmpty()) {
            stats.unsent(spec.id(), backlog.size());
        }
        redeliver.clear();
        link.close();
    }

    private void replayBacklog() {
        if (backlog.isEmpty()) {
            return;
        }
        // Gateways flush their store in whatever order it comes out: shuffle, so the backend sees
        // late and out-of-order data.
        Collections.shuffle(backlog, new java.util.Random(rng.nextLong()));
        List<Outgoing> left = new ArrayList<>();
        for (Outgoing o : backlog) {
            if (!left.isEmpty() || !send(o, "backlog")) {
                left.add(o);
            }
        }
        backlog.clear();
        backlog.addAll(left);
        online = left.isEmpty();
        stats.backlog(spec.id(), backlog.size());
    }

    private boolean send(Outgoing o, String kind) {
        if (!link.publish(o.topic(), o.payload())) {
            return false;
        }
        stats.published(kind, 1);
        return true;
    }

    private Outgoing encode(List<SimReading> readings) {
        stats.readings(readings.size());
        if ("senml".equals(spec.format())) {
            return new Outgoing(Payloads.senmlTopic(tenant, spec.id()), Payloads.senml(readings));
        }
        return new Outgoing(
                Payloads.readingsTopic(tenant, spec.id()),
                Payloads.json(spec.id(), seq++, readings, "epoch_ms".equals(spec.tsFormat())));
    }
}
