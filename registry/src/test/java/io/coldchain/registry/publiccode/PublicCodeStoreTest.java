package io.coldchain.registry.publiccode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shape of codes (what the V14 check and the public route accept) and that they do not repeat. */
class PublicCodeStoreTest {

    @Test
    void codesAre32Base32CharactersAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String code = PublicCodeStore.newCode();
            assertThat(code).matches(PublicCodeStore.SHAPE.pattern());
            assertThat(seen.add(code)).as(code).isTrue();
        }
        // Every one of the 32 letters shows up: the 5-bit groups cover the whole alphabet.
        Set<Character> letters = new HashSet<>();
        seen.forEach(c -> c.chars().forEach(ch -> letters.add((char) ch)));
        assertThat(letters).hasSize(32);
    }
}
