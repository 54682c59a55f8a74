/**
 * Attribution: for a sensor and a time interval, which asset, site and batches were there, and
 * which temperature profiles applied. One query service ({@link io.coldchain.registry.attribution.AttributionStore})
 * used by alerting and by the records, so that an alert and a regulator's record never disagree
 * about where a reading belongs. Intervals are half-open everywhere: at the instant of a delivery
 * the batch is on the cold room, no longer on the truck.
 */
package io.coldchain.registry.attribution;
