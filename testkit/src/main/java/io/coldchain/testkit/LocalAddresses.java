package io.coldchain.testkit;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Comparator;
import java.util.Optional;

/** Addresses of this machine, for tests of what listens where. */
public final class LocalAddresses {
    private LocalAddresses() {}

    /**
     * An address of this machine that is not loopback (IPv4 first), on an interface that is up; empty
     * on a machine with only loopback.
     */
    public static Optional<InetAddress> nonLoopback() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(i -> {
                        try {
                            return i.isUp() && !i.isLoopback();
                        } catch (SocketException e) {
                            return false;
                        }
                    })
                    .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
                    .min(Comparator.comparing(a -> a instanceof java.net.Inet4Address ? 0 : 1));
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
