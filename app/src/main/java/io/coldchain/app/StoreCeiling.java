package io.coldchain.app;

import io.coldchain.ingest.codec.DecodeResult;
import io.coldchain.ingest.codec.GatewayTopic;
import io.coldchain.ingest.write.BatchWriter;
import io.coldchain.ingest.write.InboundMessage;
import io.coldchain.simulator.LoadGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code bench --store-ceiling}: the rows of a load plan written through ingest's own store, no broker. */
final class StoreCeiling {
    private StoreCeiling() {}

    /**
     * The same kind of rows written through {@link BatchWriter} by as many threads as there are
     * writers, in batches of the same size. Each thread builds its batch just before writing it, so
     * that the figure is the store's and the heap holds one batch per thread.
     */
    static double measure(Backend backend, LoadGenerator.Plan plan) throws Exception {
        LoadGenerator gen = new LoadGenerator(plan);
        String tenant = plan.tenant();
        int perMessage = plan.readingsPerMessage();
        int gateways = plan.gateways();
        long n = plan.totalReadings();
        int messagesPerBatch = Math.max(1, backend.config().ingest().batchReadings() / perMessage);
        long perGateway = n / perMessage / gateways;
        long totalMessages = perGateway * gateways;
        BatchWriter writer = new BatchWriter(backend.pool());
        return ParallelBatches.rowsPerSecond(
                "database-only run",
                backend.config().ingest().writers(),
                totalMessages,
                messagesPerBatch,
                totalMessages * perMessage,
                () -> (first, end) -> {
                    List<InboundMessage> batch = new ArrayList<>(messagesPerBatch);
                    for (long i = first; i < end; i++) {
                        int g = (int) (i / perGateway);
                        long m = i % perGateway;
                        Instant now = Instant.now();
                        GatewayTopic topic =
                                new GatewayTopic(tenant, LoadGenerator.gatewayId(g), GatewayTopic.Kind.READINGS);
                        DecodeResult d = new DecodeResult(topic, gen.readings(g, m, now), List.of(), null, m);
                        batch.add(InboundMessage.readings(
                                topic.toTopic(), new byte[0], now, System.nanoTime(), d, () -> {}));
                    }
                    return writer.write(batch).inserted;
                });
    }
}
