/**
 * Embedded servers for the "nothing installed" defaults: {@link io.coldchain.embedded.EmbeddedPostgresServer}
 * (zonky PostgreSQL binaries) and {@link io.coldchain.embedded.EmbeddedBroker} (HiveMQ CE). The launcher
 * starts them when no external database or broker is configured; the testkit starts the same ones.
 */
package io.coldchain.embedded;
