/**
 * Decoding of gateway MQTT messages into {@link io.coldchain.core.model.Reading}s: pure Java on
 * Jackson's streaming parser, no MQTT or Vert.x types, so it can be tested and benchmarked alone.
 *
 * <p>Entry point: {@link io.coldchain.ingest.codec.MessageDecoder#decode}, which never throws. Its
 * {@link io.coldchain.ingest.codec.DecodeResult} either refuses the whole message with one
 * {@link io.coldchain.core.model.Rejection}, or splits it into accepted readings and rejected
 * readings, each rejection naming its reason code and the exact field ({@code readings[3].temp_c},
 * {@code records[5].v}).
 *
 * <h2>Whole message</h2>
 *
 * <ul>
 *   <li>Topic {@code coldchain/v1/{tenant}/{gateway}/readings|senml} with valid identifiers, else
 *       {@code invalid_topic} (a {@code status} topic is not a readings topic either).
 *   <li>Payload over 256 KiB: {@code payload_too_large}; not strict UTF-8, not well-formed JSON
 *       (NaN/Infinity literals, trailing content, an empty payload): {@code invalid_json}.
 *   <li>JSON form: an object whose {@code readings} is an array; SenML form: an array of records.
 *       Anything else, a wrongly typed {@code seq} (non-negative integer) or {@code gateway}, a
 *       duplicated top-level field, SenML base fields of the wrong type, an unknown SenML
 *       "must-understand" field (label ending in {@code _}), or nesting deeper than 64:
 *       {@code invalid_shape}.
 *   <li>{@code gateway} differing from the topic's: {@code gateway_mismatch}. No reading:
 *       {@code no_readings}. Over 1000 readings (SenML: over 1000 readings or over 4000 records):
 *       {@code too_many_readings}.
 *   <li>The first whole-message problem met while reading the payload is the one reported;
 *       decoding stops there.
 * </ul>
 *
 * <h2>One reading</h2>
 *
 * <ul>
 *   <li>{@code sensor}: required identifier. {@code ts}: RFC 3339 with an offset (seconds
 *       required, any fraction, {@code T}/{@code Z} in either case, no leap second) or integer
 *       epoch milliseconds. {@code temp_c}: required number in −80…+80. {@code rh} 0…100,
 *       {@code battery_v} 0…100, {@code door_open} boolean: optional; JSON {@code null} means
 *       absent; unknown fields are ignored.
 *   <li>Event time must be absolute and plausible: not before 2<sup>28</sup> s after the epoch
 *       (1978-07-04T21:24:16Z, the SenML threshold below which times are relative; for the JSON
 *       form it catches seconds sent as milliseconds and reset clocks) and not more than 5 minutes
 *       ahead of the server clock ({@code future_timestamp}); exactly 5 minutes is accepted.
 *   <li>When a reading has several problems, one is reported, in the order sensor, ts, temp_c,
 *       rh, battery_v, door_open (SenML: name, time, unit, value).
 *   <li>A rejected reading keeps its index, its sensor as sent and its own JSON text (up to 64
 *       KiB) for audit. Duplicates are left to the store.
 * </ul>
 *
 * <h2>SenML (RFC 8428)</h2>
 *
 * <p>Name = bn + n = {@code {sensor}/{field}}, field {@code temp} ({@code Cel}), {@code rh}
 * ({@code %RH}), {@code battery} ({@code V}) with numeric {@code v} (plus {@code bv}), or
 * {@code door} with boolean {@code vb} (units ignored). Unit = {@code u}, else {@code bu}; a
 * missing or other unit, or another field name, is {@code unknown_unit}. Time = bt + t in
 * seconds, computed exactly to the nanosecond. Records of one sensor at one time form one
 * reading, which needs a valid {@code temp}; the other records of a reading without one are
 * rejected as {@code missing_field} at {@code records[i].temp}. A field repeated for the same
 * sensor and time starts a second reading with the same key (the store keeps the first and counts
 * the conflict). Records holding only base fields just set context.
 */
package io.coldchain.ingest.codec;
