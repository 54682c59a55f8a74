package io.coldchain.core.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class IngestSlotTest {

    @Test
    void messages_before_attach_wait_for_it_and_messages_after_detach_are_refused() {
        IngestSlot slot = new IngestSlot();
        CompletableFuture<Void> early = slot.accept("coldchain/v1/t/g/readings", new byte[] {1}, Instant.EPOCH)
                .toCompletableFuture();
        assertThat(early).isNotDone();

        List<String> taken = new ArrayList<>();
        slot.attach((topic, payload, at) -> {
            taken.add(topic);
            return CompletableFuture.completedFuture(null);
        });
        assertThat(taken).containsExactly("coldchain/v1/t/g/readings");
        assertThat(early).isCompleted();

        slot.detach();
        CompletionStage<Void> late = slot.accept("coldchain/v1/t/g/readings", new byte[] {2}, Instant.EPOCH);
        assertThat(late.toCompletableFuture()).isCompletedExceptionally();
        assertThat(taken).hasSize(1);
    }

    @Test
    void only_readings_and_senml_topics_are_taken_in_process() {
        assertThat(InProcessIngest.handles("coldchain/v1/acme/truck-1/readings"))
                .isTrue();
        assertThat(InProcessIngest.handles("coldchain/v1/acme/truck-1/senml")).isTrue();
        assertThat(InProcessIngest.handles("coldchain/v1/acme/truck-1/status")).isFalse();
        assertThat(InProcessIngest.handles("coldchain/v1/acme/alerts")).isFalse();
        assertThat(InProcessIngest.handles("coldchain/v1/acme/x/y/readings")).isFalse();
    }
}
