package io.coldchain.registry.recall;

/**
 * One notice of a recall to one notification target, as its page shows it.
 *
 * @param event {@code recall_created} or {@code recall_closed}
 * @param status {@code pending}, {@code delivered} or {@code parked} (given up after the last attempt)
 * @param lastError the last failed attempt's reason, null when none failed or it was delivered since
 */
public record RecallNotice(String target, String event, String status, int attempts, String lastError) {}
