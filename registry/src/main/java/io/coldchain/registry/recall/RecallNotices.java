package io.coldchain.registry.recall;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The notices that tell a tenant's notification targets about a recall. The targets belong to
 * alerting and the delivery queue to records, neither of which registry may depend on: records
 * implements this and app wires it in. {@link #queue} runs in the caller's transaction, so a recall is
 * never made (or closed) without its notices.
 */
public interface RecallNotices {
    /** The event a notice tells of. */
    enum Event {
        CREATED("recall_created"),
        CLOSED("recall_closed");

        private final String wire;

        Event(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** Queues a notice of the event for each enabled target of the recall's tenant. */
    void queue(Connection c, Recall recall, Event event, Instant now) throws SQLException;

    /** The recall's notices and how their sending went, oldest first. */
    List<RecallNotice> of(Connection c, String tenant, String recall) throws SQLException;

    /** No targets at all (a deployment, or a test, without notifications). */
    RecallNotices NONE = new RecallNotices() {
        @Override
        public void queue(Connection c, Recall recall, Event event, Instant now) {}

        @Override
        public List<RecallNotice> of(Connection c, String tenant, String recall) {
            return List.of();
        }
    };
}
