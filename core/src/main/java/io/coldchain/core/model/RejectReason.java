package io.coldchain.core.model;

/**
 * Why a message or a reading was refused. The codes are stable: they are stored with every
 * rejection, exposed in the API and used as a metric label, so gateways' operators can rely on them.
 */
public enum RejectReason {
    // Whole message.
    INVALID_TOPIC(
            "invalid_topic", "the topic is not coldchain/v1/{tenant}/{gateway}/readings|senml with valid identifiers"),
    PAYLOAD_TOO_LARGE("payload_too_large", "the payload is over 256 KiB"),
    INVALID_JSON("invalid_json", "the payload is not well-formed JSON (UTF-8)"),
    INVALID_SHAPE("invalid_shape", "the JSON does not have the contract's shape"),
    TOO_MANY_READINGS("too_many_readings", "more than 1000 readings in one message"),
    NO_READINGS("no_readings", "the message carries no reading"),
    GATEWAY_MISMATCH("gateway_mismatch", "the payload's gateway differs from the topic's"),
    // One reading.
    MISSING_FIELD("missing_field", "a required field is absent"),
    INVALID_FIELD("invalid_field", "a field has the wrong type or form"),
    INVALID_SENSOR("invalid_sensor", "the sensor id is not a valid identifier"),
    INVALID_TIMESTAMP("invalid_timestamp", "ts is neither RFC 3339 with offset nor epoch milliseconds"),
    FUTURE_TIMESTAMP("future_timestamp", "ts is more than 5 minutes ahead of the server clock"),
    OUT_OF_RANGE("out_of_range", "a value is outside its physical range"),
    UNKNOWN_UNIT("unknown_unit", "a SenML record has a unit or field name the contract does not define"),
    SENSOR_BOUND_ELSEWHERE("sensor_bound_elsewhere", "the sensor is registered to another gateway"),
    // Storage.
    STORE_FAILED("store_failed", "the database refused the message's data (kept here instead of blocking the stream)");

    private final String code;
    private final String description;

    RejectReason(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }
}
