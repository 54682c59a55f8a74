/**
 * Rule evaluation in event time: plain Java, no Vert.x, no database.
 *
 * <p>Semantics (docs/alerting.md has the reasoning):
 * <ul>
 *   <li>Upward rules: a reading is beyond when {@code temp > threshold}, back in range when
 *       {@code temp <= threshold - hysteresis}; downward rules mirror that.
 *   <li>An episode starts at the first reading beyond the threshold and lasts until the first
 *       back-in-range reading that is not followed by another reading beyond the threshold within
 *       the clear period. A gap between readings inside an episode counts as beyond (the
 *       conservative choice for food safety).
 *   <li>It fires when it has lasted the rule's delay ({@code firedAt = start + delay}); delay 0
 *       fires at its first reading.
 *   <li>Everything is a function of the set of stored readings, so late, out-of-order and repeated
 *       readings give the alerts in-order delivery would have given; {@link
 *       io.coldchain.alerting.rules.AlertReconciler} maps the result onto the stored alerts.
 * </ul>
 */
package io.coldchain.alerting.rules;
