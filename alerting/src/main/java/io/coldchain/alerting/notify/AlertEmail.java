package io.coldchain.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The subject and plain-text body of an alert e-mail, made from the event's payload. The payload's
 * shape belongs to the alert store; this reads the contract's field names where present
 * ({@code rule}, {@code sensor}, {@code asset}, ...) and lists every top-level field, so nothing in
 * the payload is hidden from the reader.
 */
record AlertEmail(String subject, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SUBJECT = 200;

    static AlertEmail of(ClaimedDelivery d) {
        JsonNode p;
        try {
            p = JSON.readTree(d.payloadJson());
        } catch (Exception e) {
            p = JSON.createObjectNode();
        }
        String rule = describe(p.get("rule"));
        String sensor = describe(p.get("sensor"));
        StringBuilder subject = new StringBuilder("[Coldchain] ")
                .append(d.severity().toUpperCase(Locale.ROOT))
                .append(" alert ")
                .append(d.event());
        if (!rule.isEmpty()) {
            subject.append(": ").append(rule);
        }
        if (!sensor.isEmpty()) {
            subject.append(", sensor ").append(sensor);
        }
        subject.append(" (")
                .append(d.tenant())
                .append(", alert ")
                .append(d.alertId())
                .append(")");
        String s = subject.toString().replaceAll("[\\r\\n]+", " ");

        StringBuilder body = new StringBuilder()
                .append("Alert ")
                .append(d.alertId())
                .append(" of tenant ")
                .append(d.tenant())
                .append(": ")
                .append(d.event())
                .append(", severity ")
                .append(d.severity());
        if (d.escalationLevel() > 0) {
            body.append(", escalation level ").append(d.escalationLevel());
        }
        body.append(".\n\n");
        if (p.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                body.append(f.getKey())
                        .append(": ")
                        .append(describe(f.getValue()))
                        .append('\n');
            }
        }
        body.append("\nIdempotency key: ")
                .append(d.idempotencyKey())
                .append('\n')
                .append("This message was sent by Coldchain to notification target ")
                .append(d.key().target())
                .append(".\n");
        return new AlertEmail(s.length() > MAX_SUBJECT ? s.substring(0, MAX_SUBJECT) + "…" : s, body.toString());
    }

    /** A value as a person reads it: text as is, numbers and booleans as written, anything else as compact JSON. */
    private static String describe(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "";
        }
        if (n.isValueNode()) {
            return n.asText();
        }
        if (n.isObject() && n.has("id") && n.get("id").isValueNode() && n.size() <= 1) {
            return n.get("id").asText();
        }
        return n.toString();
    }
}
