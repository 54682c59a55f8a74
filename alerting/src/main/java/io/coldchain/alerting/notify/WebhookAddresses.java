package io.coldchain.alerting.notify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a webhook may not go: this machine, the private networks around it, link-local addresses
 * and the clouds' metadata services. Without this a tenant admin could make the backend POST (and
 * report the answer's status and first bytes as the delivery error) to anything the backend can
 * reach but the admin cannot: a database's HTTP port, a router, the instance's credentials at
 * 169.254.169.254. The check runs at registration and again at every delivery after the name is
 * resolved, and the delivery then connects to the very address that was checked, so a name that
 * resolves to a public address at registration and to 127.0.0.1 later (DNS rebinding) is refused.
 * {@code notify.webhook.allow.private=true} lifts it, for receivers on a trusted network.
 */
public final class WebhookAddresses {
    /** The setting that lifts the check, named in every refusal. */
    public static final String SETTING = "notify.webhook.allow.private";

    /** Names that are this machine or a metadata service whatever DNS says. */
    private static final Set<String> REFUSED_NAMES = Set.of(
            "localhost",
            "metadata",
            "metadata.google.internal",
            "metadata.goog",
            "instance-data",
            "instance-data.ec2.internal");

    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9]+(\\.[0-9]+){0,3}");

    private WebhookAddresses() {}

    /** Why a webhook may not be delivered to this address, or empty when it may. */
    public static Optional<String> refusal(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return refusalV4(b);
        }
        Inet6Address v6 = (Inet6Address) a;
        if (v6.isAnyLocalAddress()) {
            return Optional.of("an unspecified address (::)");
        }
        if (v6.isLoopbackAddress()) {
            return Optional.of("a loopback address (this machine)");
        }
        if (v6.isLinkLocalAddress()) {
            return Optional.of("a link-local address (fe80::/10)");
        }
        if (v6.isSiteLocalAddress()) {
            return Optional.of("a site-local address (fec0::/10)");
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("a private address (fc00::/7"
                    + (a.getHostAddress().startsWith("fd00:ec2:") ? ", the cloud metadata service" : "") + ")");
        }
        if (v6.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        // IPv4 addresses inside IPv6 ones: IPv4-compatible and -mapped, NAT64 (64:ff9b::/96), 6to4 (2002::/16).
        if (zero(b, 0, 10) && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
            return refusalV4(slice(b, 12));
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && zero(b, 4, 12)) {
            return refusalV4(slice(b, 12));
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return refusalV4(slice(b, 2));
        }
        return Optional.empty();
    }

    private static Optional<String> refusalV4(byte[] b) {
        int o0 = b[0] & 0xff;
        int o1 = b[1] & 0xff;
        if (o0 == 169 && o1 == 254) {
            boolean metadata = (b[2] & 0xff) == 169 && (b[3] & 0xff) == 254;
            return Optional.of(
                    metadata ? "the cloud metadata address (169.254.169.254)" : "a link-local address (169.254/16)");
        }
        if (o0 == 127) {
            return Optional.of("a loopback address (this machine)");
        }
        if (o0 == 0) {
            return Optional.of("an unspecified address (0/8, this machine)");
        }
        if (o0 == 10 || (o0 == 172 && (o1 & 0xf0) == 16) || (o0 == 192 && o1 == 168)) {
            return Optional.of("a private address (10/8, 172.16/12, 192.168/16)");
        }
        if (o0 == 100 && (o1 & 0xc0) == 64) {
            return Optional.of(
                    "a shared carrier-grade NAT address (100.64/10, where Alibaba Cloud's metadata service lives)");
        }
        if (o0 == 192 && o1 == 0 && (b[2] & 0xff) == 0) {
            return Optional.of("a reserved address (192.0.0/24, where Oracle Cloud's metadata service lives)");
        }
        if (o0 >= 224) {
            return Optional.of("a multicast, reserved or broadcast address");
        }
        return Optional.empty();
    }

    /**
     * The check that needs no name resolution (safe on an event loop): IP literals and names that are
     * this machine or a metadata service. A host name that is neither passes here; see
     * {@link #resolveAllowed}.
     */
    public static Optional<String> refusalWithoutLookup(String host) {
        String h = normalize(host);
        if (REFUSED_NAMES.contains(h) || h.endsWith(".localhost")) {
            return Optional.of("a name of this machine or of a cloud metadata service (" + h + ")");
        }
        Optional<InetAddress> literal = literal(h);
        return literal.flatMap(WebhookAddresses::refusal)
                .map(r -> r + " (" + literal.get().getHostAddress() + ")");
    }

    /**
     * Resolves the host (blocking: a worker thread only) and checks every address it has: one
     * refused address refuses the name, since the client would connect to any of them.
     *
     * @return the addresses, all allowed, in resolver order
     * @throws Refused naming the first refused address and why
     * @throws UnknownHostException when the name does not resolve
     */
    public static List<InetAddress> resolveAllowed(String host) throws UnknownHostException {
        Optional<String> quick = refusalWithoutLookup(host);
        if (quick.isPresent()) {
            throw new Refused(host, quick.get());
        }
        String h = normalize(host);
        List<InetAddress> all = List.of(InetAddress.getAllByName(h));
        for (InetAddress a : all) {
            Optional<String> why = refusal(a);
            if (why.isPresent()) {
                throw new Refused(host, why.get() + " (" + h + " resolves to " + a.getHostAddress() + ")");
            }
        }
        return all;
    }

    /** The host of a webhook URL as the client will use it, or empty for a URL without one. */
    public static Optional<String> host(String url) {
        try {
            return Optional.ofNullable(new URI(url).getHost());
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> literal(String h) {
        try {
            if (h.startsWith("[") && h.endsWith("]")) {
                return Optional.of(InetAddress.getByName(h.substring(1, h.length() - 1)));
            }
            if (h.contains(":") || IPV4_LITERAL.matcher(h).matches()) {
                return Optional.of(InetAddress.getByName(h));
            }
        } catch (UnknownHostException e) {
            // digits that are not an address: not a literal; the resolver decides
        }
        return Optional.empty();
    }

    private static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    /** A webhook destination that is refused; its message says why and which setting lifts it. */
    public static final class Refused extends RuntimeException {
        public Refused(String host, String why) {
            super(
                    "webhook host " + host + " is " + why
                            + "; webhooks may not reach the backend's own machine or networks " + "unless " + SETTING
                            + "=true",
                    null,
                    false,
                    false);
        }
    }
}
