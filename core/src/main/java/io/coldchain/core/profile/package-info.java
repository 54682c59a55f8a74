/**
 * Temperature profiles: what a product must be kept within, and when to raise an alert about it.
 *
 * <p>A {@link io.coldchain.core.profile.Profile} is the domain form of the body of
 * {@code PUT /api/v1/tenants/{t}/profiles/{profile}}. It holds two things that the domain brief
 * insists stay apart:
 *
 * <ul>
 *   <li><b>compliance limits</b> ({@code min_c}, {@code max_c}, each optional): what records and
 *       reports measure against, for example "time out of range";
 *   <li><b>alert rules</b> ({@link io.coldchain.core.profile.Rule}): operational alarms, each with
 *       a severity, in the kinds the contract knows: {@code above} / {@code below} (one
 *       consecutive excursion lasting {@code delay_min}, 0 = at once), {@code cumulative_above}
 *       / {@code cumulative_below} (a batch's summed time beyond the threshold over its whole
 *       journey reaching {@code budget_min}), {@code humidity_above} ({@code threshold_rh} for
 *       {@code delay_min}), {@code door_open} (for {@code delay_min}), and the raw-milk kinds
 *       counted from a batch's {@code produced_at}: {@code not_cooled_within} ({@code threshold_c}
 *       not reached within {@code within_min}) and {@code age_above} (not at a plant after
 *       {@code max_age_h}). {@link io.coldchain.core.profile.RuleWire} is the JSON form.
 * </ul>
 *
 * <p>Both records validate themselves and throw a 400
 * {@link io.coldchain.core.error.ColdchainException} (error {@code invalid_profile}, or
 * {@code invalid_identifier} for the id) whose detail names the field as the client wrote it,
 * e.g. {@code rules[2].delay_min must be 0..10080}. Nothing here evaluates rules: that is the
 * alerting engine's job, on event time.
 *
 * <p>{@link io.coldchain.core.profile.DefaultProfiles} holds the brief's defaults;
 * {@link io.coldchain.core.profile.MeanKineticTemperature} computes the MKT shown in a batch's trace.
 *
 * <h2>Not expressible as a rule here; belongs to the alerting issue</h2>
 *
 * <p>The brief asks for these, but none is a profile rule, so they are left out of the profiles
 * rather than approximated by a rule that would fire at the wrong time (the alerting engine has
 * them as settings of its own):
 *
 * <ul>
 *   <li>data gaps: no reading from a sensor for longer than its expected interval plus tolerance
 *       (≤ 10 min on vehicles), an alert of its own, per sensor;
 *   <li>low battery (battery voltage);
 *   <li>the clear condition (hysteresis, or "back in range for N minutes") that keeps an alert
 *       from flapping.
 * </ul>
 *
 * <p>The brief's vaccine profile (2–8 °C, freeze alarm at ≤ −0.5 °C for 60 min) is given for
 * reference only, so it is not a default either.
 */
package io.coldchain.core.profile;
