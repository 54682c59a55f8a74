package io.coldchain.alerting.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Coldchain-Signature: sha256=<hex>}: HMAC-SHA256, keyed with the target's secret, over
 * {@code "<timestamp>.<body>"} where the timestamp is the {@code X-Coldchain-Timestamp} header
 * (epoch seconds). Signing the timestamp with the body lets a receiver refuse old replays; the
 * receiver recomputes it over the raw body bytes and compares in constant time.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Coldchain-Signature";
    public static final String TIMESTAMP_HEADER = "X-Coldchain-Timestamp";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private WebhookSignature() {}

    /** The header value, {@code sha256=} and 64 lower-case hex digits. */
    public static String sign(String secret, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
