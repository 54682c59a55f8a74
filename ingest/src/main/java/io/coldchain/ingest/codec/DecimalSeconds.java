package io.coldchain.ingest.codec;

/**
 * A time in seconds written as a JSON number (SenML {@code bt} and {@code t}), held exactly as
 * whole seconds plus nanoseconds.
 *
 * <p>SenML times such as {@code 1.7636112705e9} or {@code -0.125} must resolve to the same instant
 * a person would read, which a double cannot guarantee at nanosecond (or even microsecond)
 * precision around 1.7e9. Parsing the number's digits directly is exact, allocation-free and,
 * unlike {@code BigDecimal}, immune to exponents such as {@code 1e-999999999}, whose arithmetic
 * could otherwise take unbounded time. Digits below a nanosecond are truncated toward zero.
 */
final class DecimalSeconds {
    /** Magnitudes beyond this many seconds (~31.7 million years) are out of range. */
    static final long MAX_SECONDS = 1_000_000_000_000_000L;

    private static final int NANOS_PER_SECOND = 1_000_000_000;
    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** Floor seconds: the value is {@code seconds + nanos / 1e9} with {@code 0 <= nanos < 1e9}. */
    long seconds;

    int nanos;

    /** Sets this to zero (the value of an absent time). */
    void clear() {
        seconds = 0;
        nanos = 0;
    }

    void set(DecimalSeconds other) {
        seconds = other.seconds;
        nanos = other.nanos;
    }

    /** Adds other to this; both are at most MAX_SECONDS in magnitude, so this cannot overflow. */
    void add(DecimalSeconds other) {
        seconds += other.seconds;
        nanos += other.nanos;
        if (nanos >= NANOS_PER_SECOND) {
            nanos -= NANOS_PER_SECOND;
            seconds++;
        }
    }

    /**
     * Parses the JSON number text in chars [off, off+len) into this. Returns false, leaving this
     * unspecified, when the text is not a JSON number or its magnitude reaches MAX_SECONDS.
     */
    boolean parse(char[] s, int off, int len) {
        int end = off + len;
        int p = off;
        boolean negative = p < end && s[p] == '-';
        if (negative) {
            p++;
        }
        int intStart = p;
        while (p < end && isDigit(s[p])) {
            p++;
        }
        int intEnd = p;
        int fracStart = p;
        int fracEnd = p;
        if (p < end && s[p] == '.') {
            fracStart = ++p;
            while (p < end && isDigit(s[p])) {
                p++;
            }
            fracEnd = p;
            if (fracEnd == fracStart) {
                return false;
            }
        }
        if (intEnd == intStart) {
            return false;
        }
        int exponent = 0;
        if (p < end && (s[p] == 'e' || s[p] == 'E')) {
            p++;
            boolean negativeExponent = p < end && s[p] == '-';
            if (p < end && (s[p] == '-' || s[p] == '+')) {
                p++;
            }
            int expStart = p;
            while (p < end && isDigit(s[p])) {
                // Clamp: beyond a million the value is zero or out of range either way.
                exponent = Math.min(exponent * 10 + (s[p] - '0'), 1_000_000);
                p++;
            }
            if (p == expStart) {
                return false;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (p != end) {
            return false;
        }
        return accumulate(s, intStart, intEnd, fracStart, fracEnd, exponent, negative);
    }

    /**
     * Walks the mantissa digits (integer then fraction) with the power of ten each one carries
     * after the exponent is applied, adding the whole-second and nanosecond parts separately.
     */
    private boolean accumulate(
            char[] s, int intStart, int intEnd, int fracStart, int fracEnd, int exponent, boolean neg) {
        long whole = 0;
        long nano = 0;
        int intDigits = intEnd - intStart;
        int total = intDigits + (fracEnd - fracStart);
        int lowestWholePower = Integer.MAX_VALUE;
        for (int k = 0; k < total; k++) {
            char c = k < intDigits ? s[intStart + k] : s[fracStart + k - intDigits];
            int digit = c - '0';
            int power = intDigits - 1 - k + exponent;
            if (power >= 0) {
                whole = whole * 10 + digit;
                lowestWholePower = power;
                if (whole >= MAX_SECONDS) {
                    return false;
                }
            } else if (power >= -9) {
                nano += (long) digit * POW10[9 + power];
            }
        }
        if (whole != 0) {
            // Digits ran out before the units place: scale up by the remaining powers of ten.
            for (int i = 0; i < lowestWholePower; i++) {
                whole *= 10;
                if (whole >= MAX_SECONDS) {
                    return false;
                }
            }
        }
        if (neg && nano > 0) {
            seconds = -whole - 1;
            nanos = (int) (NANOS_PER_SECOND - nano);
        } else {
            seconds = neg ? -whole : whole;
            nanos = (int) nano;
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
