package dev.ringscope.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Addresses as people write them: 1048576, 0x100000, 100000h. */
final class AddressConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT).replace("_", "");
        try {
            long v;
            if (s.startsWith("0x")) {
                v = Long.parseUnsignedLong(s.substring(2), 16);
            } else if (s.endsWith("h")) {
                v = Long.parseUnsignedLong(s.substring(0, s.length() - 1), 16);
            } else {
                v = Long.parseLong(s);
            }
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new TypeConversionException("'" + text + "' is outside the 32-bit address space");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not an address (try 0x100000)");
        }
    }
}
