package io.coldchain.ingest.edge;

import io.coldchain.core.edge.InProcessIngest;
import io.coldchain.ingest.write.InboundMessage;
import io.coldchain.ingest.write.IngestMetrics;
import io.coldchain.ingest.write.ReadingWriterVerticle;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Ingest for a broker in this JVM: the message takes the same decode and the same
 * {@link ReadingWriterVerticle} batches as one from the MQTT consumer, and the returned stage
 * completes when its batch is committed, which is when the broker may acknowledge it to the
 * gateway. The writer never gives up on a message (it retries while the database is away), so the
 * stage only fails through the caller's own timeout.
 *
 * <p>No own bound on memory is needed here: the embedded broker bounds the payload bytes it has
 * handed over and not yet seen committed ({@code InFlightBudget} in the embedded module).
 */
public final class WriterIngest implements InProcessIngest {
    private final Vertx vertx;
    private final IngestMetrics metrics;
    private final InboundFactory factory;

    public WriterIngest(Vertx vertx, IngestMetrics metrics, Clock clock) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.factory = new InboundFactory(clock, metrics);
    }

    @Override
    public CompletionStage<Void> accept(String topic, byte[] payload, Instant receivedAt) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        metrics.inflightMessages().incrementAndGet();
        InboundMessage m = factory.decode(topic, payload, receivedAt, System.nanoTime(), () -> {
            metrics.inflightMessages().decrementAndGet();
            committed.complete(null);
        });
        vertx.eventBus().send(ReadingWriterVerticle.ADDRESS, m, ReadingWriterVerticle.LOCAL);
        return committed;
    }
}
