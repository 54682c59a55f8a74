/**
 * Recalls (contract §9): the recalled lots, where their units are (sites and assets, from shipments
 * and placements), the follow-up of each site, the holds, and the regulator's regional view.
 */
package io.coldchain.registry.recall;
