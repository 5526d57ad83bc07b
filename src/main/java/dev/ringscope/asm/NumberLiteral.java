package dev.ringscope.asm;

import java.util.Locale;

/**
 * Reads NASM integer constants: {@code 0x1F 1Fh $1F 0b1010 1010b 0y1 0o17 17o 17q 0q17 0d99 99d 0t99}
 * with underscores anywhere among the digits. A trailing {@code h} wins over a {@code 0b}/{@code 0d}
 * prefix ({@code 0b1h} is 0xB1 in NASM), a prefix wins over the other suffixes ({@code 0x1b} is 27).
 */
final class NumberLiteral {

    /** A parsed number, or an error message (then value is 0). */
    record Result(long value, String error, boolean overflow) {
        boolean ok() {
            return error == null;
        }
    }

    private NumberLiteral() {
    }

    static Result parse(String word) {
        String s = word.replace("_", "").toLowerCase(Locale.ROOT);
        if (s.startsWith("$")) {
            return digits(word, s.substring(1), 16);
        }
        if (s.length() > 1 && s.endsWith("h")) {
            return digits(word, s.substring(0, s.length() - 1), 16);
        }
        if (s.length() > 2 && s.charAt(0) == '0' && radixOf(s.charAt(1), true) > 0) {
            return digits(word, s.substring(2), radixOf(s.charAt(1), true));
        }
        char last = s.charAt(s.length() - 1);
        if (s.length() > 1 && radixOf(last, false) > 0) {
            return digits(word, s.substring(0, s.length() - 1), radixOf(last, false));
        }
        return digits(word, s, 10);
    }

    /** The radix a prefix ({@code 0x}) or suffix ({@code b}) letter stands for; 0 if none. */
    private static int radixOf(char c, boolean prefix) {
        return switch (c) {
            case 'x' -> prefix ? 16 : 0;
            case 'h' -> 16;
            case 'b', 'y' -> 2;
            case 'o', 'q' -> 8;
            case 'd', 't' -> 10;
            default -> 0;
        };
    }

    private static Result digits(String word, String digits, int radix) {
        if (digits.isEmpty()) {
            return new Result(0, "invalid number `" + word + "`", false);
        }
        long value = 0;
        boolean overflow = false;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0) {
                return new Result(0, "invalid number `" + word + "`", false);
            }
            // value * radix + d must stay below 2^64 (read unsigned): NASM constants are 64-bit.
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, radix)) > 0) {
                overflow = true;
            }
            value = value * radix + d;
        }
        return new Result(value, null, overflow);
    }
}
