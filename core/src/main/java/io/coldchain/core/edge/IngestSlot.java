package io.coldchain.core.edge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the backend plugs its {@link InProcessIngest} into the embedded broker. The broker starts
 * before the writer exists and keeps running a moment after it is gone. Before the first
 * {@link #attach}, messages wait for it (as many as the broker's in-flight budget lets through;
 * the broker's own commit wait bounds the delay). After {@link #detach} they are refused with {@link NotAccepting}, and the broker
 * disconnects the gateway so that it sends again later: nothing is acknowledged that is not stored.
 */
public final class IngestSlot implements InProcessIngest {

    /** Ingest is not attached any more (stopping). */
    public static final class NotAccepting extends RuntimeException {
        public NotAccepting() {
            super("ingest is not accepting messages (stopping)", null, false, false);
        }
    }

    private record Waiting(String topic, byte[] payload, Instant receivedAt, CompletableFuture<Void> done) {}

    private InProcessIngest target;
    private boolean detached;
    private final List<Waiting> waiting = new ArrayList<>();

    public void attach(InProcessIngest ingest) {
        List<Waiting> ready;
        synchronized (this) {
            target = ingest;
            detached = false;
            ready = new ArrayList<>(waiting);
            waiting.clear();
        }
        for (Waiting w : ready) {
            ingest.accept(w.topic(), w.payload(), w.receivedAt()).whenComplete((v, e) -> {
                if (e == null) {
                    w.done().complete(null);
                } else {
                    w.done().completeExceptionally(e);
                }
            });
        }
    }

    public void detach() {
        List<Waiting> refused;
        synchronized (this) {
            target = null;
            detached = true;
            refused = new ArrayList<>(waiting);
            waiting.clear();
        }
        refused.forEach(w -> w.done().completeExceptionally(new NotAccepting()));
    }

    public synchronized boolean attached() {
        return target != null;
    }

    @Override
    public CompletionStage<Void> accept(String topic, byte[] payload, Instant receivedAt) {
        InProcessIngest t;
        synchronized (this) {
            t = target;
            if (t == null) {
                if (detached) {
                    return CompletableFuture.failedFuture(new NotAccepting());
                }
                CompletableFuture<Void> done = new CompletableFuture<>();
                waiting.add(new Waiting(topic, payload, receivedAt, done));
                return done;
            }
        }
        return t.accept(topic, payload, receivedAt);
    }
}
