package io.coldchain.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which plain (unencrypted) listeners the configuration opens beyond this machine. Plain MQTT and
 * HTTP listen on loopback by default; whoever opens them gets a warning at start naming the
 * setting, because readings, passwords and tokens then cross the network in clear.
 */
public final class ListenerExposure {
    private ListenerExposure() {}

    /** One warning per plain listener bound to something other than loopback; empty when all are local. */
    public static List<String> warnings(ColdchainConfig config) {
        List<String> out = new ArrayList<>();
        MqttOptions mqtt = config.mqtt();
        if (mqtt.embedded() && !isLoopback(mqtt.embeddedBind())) {
            out.add(
                    "Plain MQTT (no TLS) listens on " + mqtt.embeddedBind() + ":" + mqtt.embeddedPort()
                            + ", reachable from other machines (" + Settings.MQTT_BIND.envName() + " / "
                            + Settings.MQTT_BIND.key() + "): "
                            + "gateways' passwords and readings cross the network in clear. "
                            + (mqtt.embeddedTls().isPresent()
                                    ? "Gateways should use the TLS listener on port "
                                            + mqtt.embeddedTls().get().port() + "; set mqtt.bind back to 127.0.0.1."
                                    : "Give the broker a certificate (mqtt.tls.cert, mqtt.tls.key) and keep mqtt.bind on 127.0.0.1."));
        }
        HttpOptions http = config.http();
        if (!isLoopback(http.host())) {
            out.add(
                    "Plain HTTP (no TLS) listens on " + http.host() + ":" + http.port()
                            + ", reachable from other machines (" + Settings.HTTP_HOST.envName() + " / "
                            + Settings.HTTP_HOST.key() + "): "
                            + "bearer tokens and records cross the network in clear. "
                            + (http.tls().isPresent()
                                    ? "Clients should use HTTPS on port "
                                            + http.tls().get().port() + "; set http.host back to 127.0.0.1."
                                    : "Give the API a certificate (http.tls.cert, http.tls.key), or put a TLS proxy in front and keep http.host on 127.0.0.1."));
        }
        return out;
    }

    /**
     * Whether a listen address is this machine only. A name is resolved (start-up only); one that
     * does not resolve counts as exposed, so that the warning errs on the side of being shown.
     */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        try {
            InetAddress[] all =
                    InetAddress.getAllByName(h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
