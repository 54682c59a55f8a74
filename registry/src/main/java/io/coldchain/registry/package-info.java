/**
 * The registry: the one owner of the tables that say what exists (sites, assets, sensors, profiles,
 * products, batches, shipments, placements), who may do what (MQTT credentials, users) and which
 * sites lie in a region. Every other module reads those tables through the stores here.
 */
package io.coldchain.registry;
