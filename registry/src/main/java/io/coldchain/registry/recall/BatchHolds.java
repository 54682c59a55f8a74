package io.coldchain.registry.recall;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Holds on batches put by a recall. The holds live with the alert holds (alerting owns
 * {@code batch_holds}, which registry may not depend on), so that a batch has one hold status
 * whatever put it on hold; alerting implements this and the api wires it in.
 */
public interface BatchHolds {
    /** Puts each lot on hold for the recall, in the caller's transaction. */
    void hold(Connection c, String tenant, String recall, List<String> lots) throws SQLException;

    /** Decides the recall's holds when it is closed: its lots are withdrawn from sale (discarded). */
    void decide(Connection c, String tenant, String recall, String actor) throws SQLException;
}
