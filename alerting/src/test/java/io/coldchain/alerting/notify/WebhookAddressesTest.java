package io.coldchain.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which destinations a webhook may not have, told from the address and after resolving the name. */
class WebhookAddressesTest {

    private static String why(String literal) throws Exception {
        return WebhookAddresses.refusal(InetAddress.getByName(literal)).orElse("allowed");
    }

    @Test
    void loopback_private_link_local_and_metadata_addresses_are_refused() throws Exception {
        assertThat(why("127.0.0.1")).contains("loopback");
        assertThat(why("127.3.2.1")).contains("loopback");
        assertThat(why("::1")).contains("loopback");
        assertThat(why("0.0.0.0")).contains("unspecified");
        assertThat(why("::")).contains("unspecified");
        assertThat(why("10.1.2.3")).contains("private");
        assertThat(why("172.16.0.1")).contains("private");
        assertThat(why("172.31.255.255")).contains("private");
        assertThat(why("192.168.1.10")).contains("private");
        assertThat(why("fd00::2")).contains("private");
        assertThat(why("fc00::1")).contains("private");
        assertThat(why("fd00:ec2::254")).contains("metadata");
        assertThat(why("169.254.169.254")).contains("metadata");
        assertThat(why("169.254.1.1")).contains("link-local");
        assertThat(why("fe80::1")).contains("link-local");
        assertThat(why("100.100.100.200")).contains("metadata");
        assertThat(why("224.0.0.1")).contains("multicast");
        // IPv4 inside IPv6: mapped, compatible, NAT64, 6to4.
        assertThat(why("::ffff:127.0.0.1")).contains("loopback");
        assertThat(why("::10.0.0.1")).contains("private");
        assertThat(why("64:ff9b::a9fe:a9fe")).contains("metadata");
        assertThat(why("2002:c0a8:0101::1")).contains("private");
    }

    @Test
    void public_addresses_are_allowed() throws Exception {
        assertThat(why("93.184.215.14")).isEqualTo("allowed");
        assertThat(why("172.32.0.1")).isEqualTo("allowed");
        assertThat(why("100.128.0.1")).isEqualTo("allowed");
        assertThat(why("2606:2800:21f:cb07:6820:80da:af6b:8b2c")).isEqualTo("allowed");
        assertThat(WebhookAddresses.refusalWithoutLookup("hooks.example.com")).isEmpty();
    }

    @Test
    void literals_and_local_names_are_refused_without_a_lookup() {
        assertThat(WebhookAddresses.refusalWithoutLookup("127.0.0.1"))
                .hasValueSatisfying(w -> assertThat(w).contains("loopback"));
        assertThat(WebhookAddresses.refusalWithoutLookup("127.1"))
                .hasValueSatisfying(w -> assertThat(w).contains("loopback"));
        assertThat(WebhookAddresses.refusalWithoutLookup("[::1]"))
                .hasValueSatisfying(w -> assertThat(w).contains("loopback"));
        assertThat(WebhookAddresses.refusalWithoutLookup("LOCALHOST.")).isPresent();
        assertThat(WebhookAddresses.refusalWithoutLookup("api.localhost")).isPresent();
        assertThat(WebhookAddresses.refusalWithoutLookup("metadata.google.internal"))
                .hasValueSatisfying(w -> assertThat(w).contains("metadata"));
    }

    @Test
    void a_name_is_judged_by_what_it_resolves_to() throws Exception {
        // This machine's own name usually resolves to a loopback address (/etc/hosts); any such name
        // stands for a DNS name an attacker points at 127.0.0.1 after registering a public one.
        String name = InetAddress.getLocalHost().getHostName();
        assumeTrue(
                WebhookAddresses.refusalWithoutLookup(name).isEmpty()
                        && InetAddress.getByName(name).isLoopbackAddress(),
                "this machine's name (" + name + ") does not resolve to a loopback address");
        assertThatThrownBy(() -> WebhookAddresses.resolveAllowed(name))
                .isInstanceOf(WebhookAddresses.Refused.class)
                .hasMessageContaining("resolves to 127.")
                .hasMessageContaining(WebhookAddresses.SETTING);
    }
}
