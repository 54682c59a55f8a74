package io.coldchain.ingest.mqtt;

import java.util.ArrayDeque;
import java.util.function.IntBinaryOperator;

/**
 * Sends PUBACKs in the order the PUBLISHes arrived (MQTT 5 §4.6 requires it of a receiver), each
 * only after its message is committed. Messages from an earlier connection are never acknowledged
 * on a later one: packet ids are reused, and the broker redelivers those messages anyway.
 * Thread-safe: the MQTT callback thread registers, the writer's event loop completes.
 */
final class AckSequencer {

    /** One unacknowledged QoS ≥ 1 message. */
    static final class Pending {
        final int packetId;
        final int qos;
        final long epoch;
        boolean committed;

        Pending(int packetId, int qos, long epoch) {
            this.packetId = packetId;
            this.qos = qos;
            this.epoch = epoch;
        }
    }

    /** Sends one acknowledgement; returns 0 on success. */
    interface Acker extends IntBinaryOperator {}

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Acker acker;
    private long epoch;

    AckSequencer(Acker acker) {
        this.acker = acker;
    }

    synchronized Pending register(int packetId, int qos) {
        Pending p = new Pending(packetId, qos, epoch);
        pending.add(p);
        return p;
    }

    synchronized void committed(Pending p) {
        p.committed = true;
        if (p.epoch != epoch) {
            return;
        }
        while (!pending.isEmpty() && pending.peek().committed) {
            Pending head = pending.poll();
            acker.applyAsInt(head.packetId, head.qos);
        }
    }

    /** The connection was lost: forget what is pending; the broker will redeliver it. */
    synchronized void connectionLost() {
        epoch++;
        pending.clear();
    }

    synchronized int size() {
        return pending.size();
    }
}
