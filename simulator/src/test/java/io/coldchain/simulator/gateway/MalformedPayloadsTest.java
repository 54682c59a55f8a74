package io.coldchain.simulator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.model.RejectReason;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class MalformedPayloadsTest {
    @Test
    void thereIsABadMessageForEveryReasonAGatewayCanCause() {
        EnumSet<RejectReason> made = EnumSet.noneOf(RejectReason.class);
        for (RejectReason r : MalformedPayloads.KINDS) {
            MalformedPayloads.Message m =
                    MalformedPayloads.make(r, "t", "gw-1", Instant.parse("2026-11-20T04:00:00Z"), "other-p1");
            assertThat(m.payload()).isNotEmpty();
            assertThat(m.topic()).startsWith("coldchain/v1/t/gw-1").matches("coldchain/v1/t/[^/]+/(readings|senml)");
            made.add(m.reason());
        }
        assertThat(made).isEqualTo(EnumSet.complementOf(EnumSet.of(RejectReason.STORE_FAILED)));
        assertThat(MalformedPayloads.make(RejectReason.PAYLOAD_TOO_LARGE, "t", "g", Instant.EPOCH, null)
                        .payload()
                        .length)
                .isGreaterThan(256 * 1024);
    }
}
