package io.coldchain.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    static boolean jdkValid(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        Random random = new Random(3629);
        byte[] alphabet = {
            0x41,
            0x7F,
            (byte) 0x80,
            (byte) 0xBF,
            (byte) 0xC0,
            (byte) 0xC1,
            (byte) 0xC2,
            (byte) 0xDF,
            (byte) 0xE0,
            (byte) 0xA0,
            (byte) 0x9F,
            (byte) 0xED,
            (byte) 0xEF,
            (byte) 0xF0,
            (byte) 0x90,
            (byte) 0x8F,
            (byte) 0xF4,
            (byte) 0xF5,
            (byte) 0xFF
        };
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(6)];
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt();
            }
            assertThat(Utf8.firstInvalid(bytes) < 0)
                    .as("%s", java.util.HexFormat.of().formatHex(bytes))
                    .isEqualTo(jdkValid(bytes));
        }
    }

    @Test
    void acceptsAllOfUnicode() {
        StringBuilder text = new StringBuilder();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp += 97) {
            if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                text.appendCodePoint(cp);
            }
        }
        text.appendCodePoint(Character.MAX_CODE_POINT);
        assertThat(Utf8.firstInvalid(text.toString().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(-1);
    }

    @Test
    void reportsTheFirstBadByte() {
        assertThat(Utf8.firstInvalid(new byte[] {'a', 'b', (byte) 0xC3})).isEqualTo(2);
        assertThat(Utf8.firstInvalid(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80}))
                .isEqualTo(1);
    }

    @Test
    void slicesOnCharacterBoundaries() {
        byte[] bytes = "a\u00e9\u00e9".getBytes(StandardCharsets.UTF_8); // 61 C3 A9 C3 A9
        assertThat(Utf8.slice(bytes, 0, 5, 4)).isEqualTo("a\u00e9");
        assertThat(Utf8.slice(bytes, 0, 5, 2)).isEqualTo("a");
        assertThat(Utf8.slice(bytes, 1, 3, 64)).isEqualTo("\u00e9");
        assertThat(Utf8.slice(bytes, -5, 99, 64)).isEqualTo("a\u00e9\u00e9");
        assertThat(Utf8.slice(bytes, 4, 2, 64)).isEmpty();
    }
}
