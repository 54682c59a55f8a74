package io.coldchain.ingest.codec;

import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 (RFC 3629) checks and slicing of raw payload bytes.
 *
 * <p>The payload is validated once before parsing, so an invalid byte anywhere (also inside a
 * field the decoder skips) refuses the message as {@code invalid_json}, and every slice taken later
 * for audit decodes without replacement characters. The ASCII fast path keeps this at about one
 * comparison per byte for ordinary payloads.
 */
final class Utf8 {
    private Utf8() {}

    /** The index of the first byte that is not part of valid UTF-8, or -1 when all are. */
    static int firstInvalid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int c = bytes[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2) {
                return i; // a stray continuation byte, or C0/C1 which only start overlong forms
            }
            if (c < 0xE0) {
                if (i + 1 >= n || !continuation(bytes[i + 1])) {
                    return i;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= n) {
                    return i;
                }
                int c1 = bytes[i + 1] & 0xFF;
                boolean overlong = c == 0xE0 && c1 < 0xA0;
                boolean surrogate = c == 0xED && c1 > 0x9F;
                if (!continuation(bytes[i + 1]) || overlong || surrogate || !continuation(bytes[i + 2])) {
                    return i;
                }
                i += 3;
            } else if (c < 0xF5) {
                if (i + 3 >= n) {
                    return i;
                }
                int c1 = bytes[i + 1] & 0xFF;
                boolean overlong = c == 0xF0 && c1 < 0x90;
                boolean tooHigh = c == 0xF4 && c1 > 0x8F;
                if (!continuation(bytes[i + 1])
                        || overlong
                        || tooHigh
                        || !continuation(bytes[i + 2])
                        || !continuation(bytes[i + 3])) {
                    return i;
                }
                i += 4;
            } else {
                return i; // F5..FF never occur in UTF-8
            }
        }
        return -1;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /**
     * Bytes [start, end) of a validated payload as text, cut to at most maxBytes on a character
     * boundary. Out-of-range offsets give what lies inside the payload, never an exception.
     */
    static String slice(byte[] bytes, long start, long end, int maxBytes) {
        int from = (int) Math.max(0, Math.min(start, bytes.length));
        int to = (int) Math.max(from, Math.min(end, bytes.length));
        if (to - from > maxBytes) {
            to = from + maxBytes;
            while (to > from && !isCharStart(bytes, to)) {
                to--;
            }
        }
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    private static boolean isCharStart(byte[] bytes, int index) {
        return index >= bytes.length || !continuation(bytes[index]);
    }
}
