/**
 * The registry's storage: sites, assets, sensors and the audit trail of their changes. Plain JDBC on
 * the caller's connection (from {@code DbWorker}, never the event loop); HTTP lives in
 * {@code io.coldchain.api}.
 */
package io.coldchain.api.registry;
