package io.coldchain.api;

import static io.coldchain.api.BodyReader.invalid;

import io.coldchain.alerting.notify.Channel;
import io.coldchain.alerting.notify.NotificationTarget;
import io.coldchain.alerting.notify.WebhookAddresses;
import io.coldchain.core.model.Ids;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a notification target's PUT body: a 400 {@code invalid_body} naming the field and the rule
 * for every mistake, unknown fields included (a misspelt {@code min_severity} must not silently
 * become the default).
 */
final class NotificationTargetBody {
    static final Set<String> FIELDS =
            Set.of("channel", "url", "address", "secret", "min_severity", "escalation_level", "enabled");
    static final int MAX_URL = 2000;
    static final int MAX_ADDRESS = 254;
    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;
    static final int MAX_LEVEL = 100;
    private static final Pattern ADDRESS =
            Pattern.compile("[^@\\s<>,;\"()\\[\\]]+@[^@\\s<>,;\"()\\[\\]]+\\.[^@\\s<>,;\"()\\[\\]]+");

    private NotificationTargetBody() {}

    /**
     * @param allowPrivate whether webhook URLs may name loopback, private, link-local or metadata
     *     addresses; when not, IP literals and such names are refused here (host names are resolved
     *     and checked by {@link #refusePrivateDestination} on a worker)
     */
    static NotificationTarget.Input parse(Buffer raw, boolean emailEnabled, boolean allowPrivate) {
        BodyReader reader = BodyReader.of(raw);
        reader.known(FIELDS.toArray(String[]::new));
        JsonObject body = reader.body();
        String channelText = string(reader, "channel", true);
        Channel channel;
        if ("webhook".equals(channelText)) {
            channel = Channel.WEBHOOK;
        } else if ("email".equals(channelText)) {
            channel = Channel.EMAIL;
        } else {
            throw invalid("channel must be webhook or email (got " + Ids.describe(channelText) + ")");
        }
        Optional<String> url = Optional.empty();
        Optional<String> address = Optional.empty();
        Optional<String> secret = Optional.ofNullable(string(reader, "secret", false));
        if (channel == Channel.WEBHOOK) {
            absent(body, "address", "a webhook target");
            url = Optional.of(url(string(reader, "url", true), allowPrivate));
            if (secret.isPresent()
                    && (secret.get().length() < MIN_SECRET || secret.get().length() > MAX_SECRET)) {
                throw invalid("secret must be " + MIN_SECRET + " to " + MAX_SECRET + " characters (got "
                        + secret.get().length() + ")");
            }
        } else {
            if (!emailEnabled) {
                throw invalid(
                        "channel email needs an SMTP server, and none is configured: set COLDCHAIN_SMTP_HOST "
                                + "(smtp.host; with COLDCHAIN_SMTP_PORT, _USERNAME, _PASSWORD, _FROM, _STARTTLS as needed) and restart");
            }
            absent(body, "url", "an email target");
            absent(body, "secret", "an email target");
            String a = string(reader, "address", true);
            if (a.length() > MAX_ADDRESS || !ADDRESS.matcher(a).matches()) {
                throw invalid("address must be one e-mail address, name@example.com, at most " + MAX_ADDRESS
                        + " characters (got " + Ids.describe(a) + ")");
            }
            address = Optional.of(a);
        }
        String minSeverity =
                Optional.ofNullable(string(reader, "min_severity", false)).orElse("warning");
        if (!minSeverity.equals("warning") && !minSeverity.equals("critical")) {
            throw invalid("min_severity must be warning or critical (got " + Ids.describe(minSeverity) + ")");
        }
        int level = level(body);
        Object enabled = body.getValue("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw invalid("enabled must be true or false");
        }
        return new NotificationTarget.Input(
                channel, url, address, secret, minSeverity, level, enabled == null || (Boolean) enabled);
    }

    private static String url(String u, boolean allowPrivate) {
        if (u.length() > MAX_URL) {
            throw invalid("url must be at most " + MAX_URL + " characters");
        }
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https"))
                    || uri.getHost() == null
                    || uri.getUserInfo() != null
                    || uri.getFragment() != null) {
                throw invalid(
                        "url must be an absolute http:// or https:// URL with a host, without user info or fragment (got "
                                + Ids.describe(u) + ")");
            }
            if (!allowPrivate) {
                WebhookAddresses.refusalWithoutLookup(uri.getHost()).ifPresent(why -> {
                    throw invalid(new WebhookAddresses.Refused(uri.getHost(), why).getMessage());
                });
            }
            return u;
        } catch (URISyntaxException e) {
            throw invalid("url is not a valid URL (" + e.getReason() + ")");
        }
    }

    /**
     * The registration check after name resolution (blocking: call it on a worker). A name that does
     * not resolve now is accepted: it cannot reach anything yet, and every delivery checks again.
     */
    static void refusePrivateDestination(NotificationTarget.Input in) {
        Optional<String> host = in.url().flatMap(WebhookAddresses::host);
        if (host.isEmpty()) {
            return;
        }
        try {
            WebhookAddresses.resolveAllowed(host.get());
        } catch (WebhookAddresses.Refused e) {
            throw invalid(e.getMessage());
        } catch (java.net.UnknownHostException e) {
            // checked again at delivery
        }
    }

    private static int level(JsonObject body) {
        Object v = body.getValue("escalation_level");
        if (v == null) {
            return 0;
        }
        if (!(v instanceof Integer || v instanceof Long || v instanceof BigInteger)) {
            throw invalid("escalation_level must be an integer from 0 to " + MAX_LEVEL);
        }
        BigInteger n = new BigInteger(v.toString());
        if (n.signum() < 0 || n.compareTo(BigInteger.valueOf(MAX_LEVEL)) > 0) {
            throw invalid("escalation_level must be from 0 to " + MAX_LEVEL + " (got " + n
                    + "); 0 receives every event, " + "k receives events escalated to level k or beyond");
        }
        return n.intValue();
    }

    private static void absent(JsonObject body, String field, String what) {
        if (body.containsKey(field)) {
            throw invalid(field + " does not belong to " + what);
        }
    }

    /** A string field, as every body reads one; a required one must not be blank either. */
    private static String string(BodyReader reader, String field, boolean required) {
        String s = reader.string(field, required);
        if (required && s.isBlank()) {
            throw invalid(field + " must not be empty");
        }
        return s;
    }
}
