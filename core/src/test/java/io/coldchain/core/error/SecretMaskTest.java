package io.coldchain.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Passwords never reach a person's screen, wherever in a string they hide. */
class SecretMaskTest {

    @Test
    void passwords_in_url_user_info_are_masked_and_the_rest_stays() {
        assertThat(SecretMask.mask("jdbc:postgresql://coldchain:s3cr3t@db.example.com:5432/cold"))
                .isEqualTo("jdbc:postgresql://coldchain:***@db.example.com:5432/cold");
        assertThat(SecretMask.mask("cannot reach tcp://gw-17:hunter2@broker:1883 (refused)"))
                .isEqualTo("cannot reach tcp://gw-17:***@broker:1883 (refused)");
        assertThat(SecretMask.mask("ssl://user:p@ss:w0rd@broker:8883/x")).isEqualTo("ssl://user:***@broker:8883/x");
        assertThat(SecretMask.mask("https://:tok3n@hooks.example.com")).isEqualTo("https://:***@hooks.example.com");
    }

    @Test
    void password_parameters_and_key_values_are_masked() {
        assertThat(SecretMask.mask("jdbc:postgresql://db/cold?user=u&password=s3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/cold?user=u&password=***&ssl=true");
        assertThat(SecretMask.mask("jdbc:postgresql://db/cold?sslpassword=abc;PASSWORD=xyz"))
                .isEqualTo("jdbc:postgresql://db/cold?sslpassword=***;PASSWORD=***");
        assertThat(SecretMask.mask("db.password=s3cr3t auth.jwt.secret: 0123456789abcdef0123456789abcdef"))
                .isEqualTo("db.password=*** auth.jwt.secret: ***");
        assertThat(SecretMask.mask("{\"password\":\"s3cr3t\",\"user\":\"u\"}"))
                .isEqualTo("{\"password\":***,\"user\":\"u\"}");
    }

    @Test
    void text_without_secrets_is_left_alone_and_masking_twice_changes_nothing() {
        String plain =
                "secret must be 16 to 256 characters (got 5); tcp://broker:1883; user@example.com; secret_set: true";
        assertThat(SecretMask.mask(plain)).isEqualTo(plain);
        String once = SecretMask.mask("tcp://u:pw@h:1 password=pw");
        assertThat(SecretMask.mask(once)).isEqualTo(once).doesNotContain("pw@").doesNotContain("=pw");
        assertThat(SecretMask.mask(null)).isNull();
        assertThat(SecretMask.maskValue("")).isEmpty();
        assertThat(SecretMask.maskValue("x")).isEqualTo(SecretMask.MASK);
    }

    @Test
    void exceptions_mask_their_detail() {
        ColdchainException e = ColdchainException.unavailable("database jdbc:postgresql://u:pw@db/x is down", null);
        assertThat(e.getMessage()).isEqualTo("database jdbc:postgresql://u:***@db/x is down");
    }
}
