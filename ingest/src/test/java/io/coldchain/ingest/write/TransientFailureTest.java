package io.coldchain.ingest.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/**
 * Only a message's own data may turn it into a refusal; any state of the server (down, read-only,
 * missing grant or column) must be retried, or readings would be lost as "refused".
 */
class TransientFailureTest {
    @Test
    void data_and_integrity_errors_are_about_the_message() {
        assertThat(ReadingWriterVerticle.transientFailure(new SQLException("bad", "22021")))
                .isFalse();
        assertThat(ReadingWriterVerticle.transientFailure(new SQLException("dup", "23505")))
                .isFalse();
        assertThat(ReadingWriterVerticle.transientFailure(new RuntimeException(new SQLException("bad", "22P02"))))
                .isFalse();
    }

    @Test
    void server_states_are_retried() {
        for (String state : new String[] {"08001", "25006", "42501", "42P01", "57P01", "53300", "40P01", "XX000"}) {
            assertThat(ReadingWriterVerticle.transientFailure(new SQLException("x", state)))
                    .as(state)
                    .isTrue();
        }
        assertThat(ReadingWriterVerticle.transientFailure(new SQLTransientConnectionException("pool timeout")))
                .isTrue();
        assertThat(ReadingWriterVerticle.transientFailure(new IllegalStateException("unknown")))
                .isTrue();
    }
}
