package io.coldchain.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.core.error.ColdchainException;
import org.junit.jupiter.api.Test;

/** The contract's identifier rule: 1–64 of A-Z a-z 0-9 _ . : - and nothing else. */
class IdsTest {
    @Test
    void accepts_the_contract_alphabet_up_to_64() {
        assertThat(Ids.isValid("truck-017-p1")).isTrue();
        assertThat(Ids.isValid("A.b:c_d-9")).isTrue();
        assertThat(Ids.isValid("x".repeat(64))).isTrue();
    }

    @Test
    void refuses_everything_else() {
        for (String bad :
                new String[] {null, "", "x".repeat(65), "a b", "a/b", "a+b", "a#b", "ä", "温度", "a\u0000b", "$share"}) {
            assertThat(Ids.isValid(bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void require_names_the_field_with_a_400() {
        assertThatThrownBy(() -> Ids.require("sensor", "a/b"))
                .isInstanceOf(ColdchainException.class)
                .hasMessageContaining("sensor")
                .satisfies(e -> assertThat(((ColdchainException) e).status()).isEqualTo(400));
    }
}
