package dev.ringscope.cli;

import java.math.BigInteger;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * Whole-number option values, with messages in words: picocli's own say "'abc' is not a long",
 * and say the same of a number that is only too large.
 */
final class Numbers {

    private Numbers() {
    }

    static void register(CommandLine cl) {
        CommandLine.ITypeConverter<Long> longs = text -> (Long) parse(text, Long.MIN_VALUE, Long.MAX_VALUE);
        CommandLine.ITypeConverter<Integer> ints = text -> (int) parse(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
        cl.registerConverter(Long.class, longs);
        cl.registerConverter(Long.TYPE, longs);
        cl.registerConverter(Integer.class, ints);
        cl.registerConverter(Integer.TYPE, ints);
    }

    /** A decimal whole number from {@code min} to {@code max} ({@code _} may group digits: 100_000_000). */
    static long parse(String text, long min, long max) {
        String digits = text.trim().replace("_", "");
        BigInteger value;
        try {
            value = new BigInteger(digits);
        } catch (NumberFormatException e) {
            throw new TypeConversionException(UserFiles.quote(text) + " is not a whole number");
        }
        if (value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new TypeConversionException(UserFiles.quote(text) + " is too large (at most " + max + ")");
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0) {
            throw new TypeConversionException(UserFiles.quote(text) + " is too small (at least " + min + ")");
        }
        return value.longValue();
    }
}
