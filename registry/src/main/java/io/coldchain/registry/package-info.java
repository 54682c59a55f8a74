/**
 * The registry: the one owner of the tables that say what exists (sites, assets, sensors, profiles,
 * products, batches, shipments, placements), who may do what (MQTT credentials, users) and which
 * sites lie in a region. Every other module reads those tables through the stores here.
 *
 * <p>Plain JDBC on the caller's connection (the caller runs it on a worker, never on an event
 * loop); HTTP lives in {@code io.coldchain.api}.
 */
package io.coldchain.registry;
