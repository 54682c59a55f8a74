/**
 * Rule evaluation in event time: plain Java, no Vert.x, no database.
 *
 * <p>Semantics (docs/alerting.md has the reasoning):
 * <ul>
 *   <li>Readings are deduplicated by event time (the first wins, as in the store) and sorted by it.
 *   <li>Upward rules: a reading is beyond when {@code temp > threshold}, back in range when
 *       {@code temp <= threshold - hysteresis}; downward rules mirror that. Readings in between
 *       neither start nor end an episode; inside one they continue it.
 *   <li>An episode starts at the first reading beyond the threshold and lasts until the first
 *       back-in-range reading that is not followed by another reading beyond the threshold within
 *       the clear period. A gap between readings inside an episode counts as beyond (the
 *       conservative choice for food safety).
 *   <li>It fires when it has lasted the rule's delay ({@code firedAt = start + delay}): to its end
 *       when over, to its last reading out while open (never to "now"); delay 0 fires at its first
 *       reading.
 *   <li>Cumulative exposure: each reading stands until the probe's next one, clipped to the leg;
 *       the union across an asset's probes; no hysteresis. Gaps: a silence strictly longer than
 *       the maximum.
 *   <li>Everything is a function of the set of stored readings, so late, out-of-order and repeated
 *       readings give the alerts in-order delivery would have given; {@link
 *       io.coldchain.alerting.rules.AlertReconciler} maps the result onto the stored alerts.
 * </ul>
 */
package io.coldchain.alerting.rules;
