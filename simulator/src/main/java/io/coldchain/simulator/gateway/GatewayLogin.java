package io.coldchain.simulator.gateway;

import java.nio.charset.StandardCharsets;

/** A gateway's MQTT login (contract §5): user name {@code {tenant}/{gateway}} and its password. */
public record GatewayLogin(String username, String password) {
    public byte[] passwordBytes() {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "GatewayLogin[" + username + ", password=***]";
    }
}
