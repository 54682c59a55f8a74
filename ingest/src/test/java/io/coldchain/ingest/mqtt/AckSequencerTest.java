package io.coldchain.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PUBACKs leave in arrival order, only once committed, and never across connections. */
class AckSequencerTest {
    private final List<Integer> sent = new ArrayList<>();
    private final AckSequencer acks = new AckSequencer((id, qos) -> {
        sent.add(id);
        return 0;
    });

    @Test
    void acknowledges_in_arrival_order_only_after_commit() {
        var a = acks.register(1, 1);
        var b = acks.register(2, 1);
        var c = acks.register(3, 1);
        acks.committed(c);
        acks.committed(b);
        assertThat(sent).as("1 is not committed yet, so nothing may leave").isEmpty();
        acks.committed(a);
        assertThat(sent).containsExactly(1, 2, 3);
        assertThat(acks.size()).isZero();
    }

    @Test
    void a_commit_from_an_earlier_connection_is_never_acknowledged() {
        var old = acks.register(7, 1);
        acks.connectionLost();
        var fresh = acks.register(7, 1); // the broker may reuse the packet id on the new connection
        acks.committed(old);
        assertThat(sent).isEmpty();
        acks.committed(fresh);
        assertThat(sent).containsExactly(7);
    }
}
