package io.coldchain.core.error;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that hides secrets in text meant for people: configuration printouts, error
 * messages and log lines. It masks what a password looks like wherever it hides in a string,
 * because a secret pasted into a URL ({@code jdbc:postgresql://u:pw@host/db},
 * {@code tcp://user:pass@broker:1883}, {@code ...?password=pw}) travels with the URL into every
 * message that names it. Masking is idempotent and leaves everything else as it was.
 */
public final class SecretMask {
    /** What a hidden secret is replaced by. */
    public static final String MASK = "***";

    /**
     * {@code scheme://user:password@}: the password runs to the last {@code @} before the path, so a
     * password containing {@code @} is masked whole.
     */
    private static final Pattern URL_USER_INFO =
            Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://)([^/?#@\\s:]*):([^/?#\\s]*)@");

    /**
     * {@code password=...} in a query string, a properties line or a key-value message
     * ({@code ?password=}, {@code &sslpassword=}, {@code db.password=}, {@code secret=}).
     */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)(\\b[a-z0-9_.-]*(?:password|passwd|pwd|secret|passphrase|access_token|api_key|apikey)\"?\\s*[=:]\\s*)"
                    + "(\"[^\"]*\"|'[^']*'|[^\\s&;,)\\]}]+)");

    private SecretMask() {}

    /** The text with every password-like part replaced by {@link #MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = URL_USER_INFO
                .matcher(text)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + ":" + MASK + "@"));
        return KEY_VALUE
                .matcher(out)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(2).equals(MASK) ? m.group() : m.group(1) + MASK));
    }

    /** A whole value that is itself a secret (a password setting): only whether it is set shows. */
    public static String maskValue(String secret) {
        return secret == null || secret.isEmpty() ? "" : MASK;
    }
}
