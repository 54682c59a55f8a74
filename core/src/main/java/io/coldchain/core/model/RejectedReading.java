package io.coldchain.core.model;

/**
 * One refused reading of an otherwise accepted message.
 *
 * @param index position in the message's readings (JSON) or records (SenML)
 * @param sensor the sensor id as sent, when it could be read (may be invalid or null)
 * @param raw the reading's own JSON text, kept for audit
 */
public record RejectedReading(int index, String sensor, Rejection rejection, String raw) {}
