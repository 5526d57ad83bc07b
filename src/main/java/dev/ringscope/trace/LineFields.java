package dev.ringscope.trace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HexFormat;

/**
 * The fields of one trace line — a flat JSON object — in any order, with typed getters that say
 * what is wrong when a field is missing or of the wrong type. Reused from line to line. Nothing is
 * ever instantiated by name: values are numbers, strings, booleans and nulls, and a nested value
 * is skipped (within the parser's nesting limit) and remembered only as "not a scalar".
 */
final class LineFields {

    /** More than this and the line is not an event. */
    static final int MAX_FIELDS = 32;

    private enum Type {
        INTEGER("an integer"), BIG_INTEGER("an integer"), FLOAT("a fraction"), STRING("a string"),
        BOOLEAN("a boolean"), NULL("null"), NESTED("an object or array");

        final String described;

        Type(String described) {
            this.described = described;
        }
    }

    private final String[] names = new String[MAX_FIELDS];
    private final Type[] types = new Type[MAX_FIELDS];
    private final long[] numbers = new long[MAX_FIELDS];
    private final String[] texts = new String[MAX_FIELDS];
    private int count;

    /** A line that cannot be loaded, and why; cheap to throw (no stack trace). */
    static final class LineProblem extends Exception {
        LineProblem(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads one JSON object, which must be all the parser holds. */
    void parse(JsonParser parser) throws IOException, LineProblem {
        count = 0;
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new LineProblem("not a JSON object");
        }
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            if (indexOf(name) >= 0) {
                throw new LineProblem("field '" + shorten(name) + "' appears twice");
            }
            if (count == MAX_FIELDS) {
                throw new LineProblem("more than " + MAX_FIELDS + " fields");
            }
            names[count] = name;
            texts[count] = null;
            types[count] = read(parser, parser.nextToken());
            count++;
        }
        if (parser.nextToken() != null) {
            throw new LineProblem("more than one JSON value on the line");
        }
    }

    private Type read(JsonParser parser, JsonToken value) throws IOException {
        switch (value) {
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return Type.BIG_INTEGER;
                }
                numbers[count] = parser.getLongValue();
                return Type.INTEGER;
            case VALUE_NUMBER_FLOAT:
                return Type.FLOAT;
            case VALUE_STRING:
                texts[count] = parser.getText();
                return Type.STRING;
            case VALUE_TRUE:
            case VALUE_FALSE:
                numbers[count] = value == JsonToken.VALUE_TRUE ? 1 : 0;
                return Type.BOOLEAN;
            case VALUE_NULL:
                return Type.NULL;
            default:
                parser.skipChildren();
                return Type.NESTED;
        }
    }

    /** The string value, {@code null} if the field is missing or not a string. */
    String stringOrNull(String name) {
        int i = indexOf(name);
        return i >= 0 && types[i] == Type.STRING ? texts[i] : null;
    }

    /** A string or null. */
    String string(String name) throws LineProblem {
        int i = require(name);
        if (types[i] == Type.NULL) {
            return null;
        }
        expect(i, Type.STRING);
        return texts[i];
    }

    long int64(String name) throws LineProblem {
        int i = require(name);
        expect(i, Type.INTEGER);
        return numbers[i];
    }

    /**
     * A 32-bit value, written either signed or unsigned: addresses and register values are written
     * unsigned (as the hardware shows them), so both −2^31 … 2^31−1 and 0 … 2^32−1 are accepted.
     */
    int int32(String name) throws LineProblem {
        int i = require(name);
        expect(i, Type.INTEGER);
        long value = numbers[i];
        if (value < Integer.MIN_VALUE || value > 0xFFFF_FFFFL) {
            throw outOfRange(i);
        }
        return (int) value;
    }

    boolean bool(String name) throws LineProblem {
        int i = require(name);
        expect(i, Type.BOOLEAN);
        return numbers[i] != 0;
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) throws LineProblem {
        int i = require(name);
        expect(i, Type.STRING);
        try {
            return Enum.valueOf(type, texts[i]);
        } catch (IllegalArgumentException e) {
            throw new LineProblem("field '" + name + "' has unknown value '" + shorten(texts[i]) + "'");
        }
    }

    byte[] hex(String name) throws LineProblem {
        int i = require(name);
        expect(i, Type.STRING);
        String text = texts[i];
        if (text.length() > 2 * EventLayout.MAX_INSTRUCTION_LENGTH) {
            throw new LineProblem("field '" + name + "' holds more than " + EventLayout.MAX_INSTRUCTION_LENGTH
                    + " bytes");
        }
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new LineProblem("field '" + name + "' is not a string of hex digit pairs: '" + shorten(text) + "'");
        }
    }

    private int require(String name) throws LineProblem {
        int i = indexOf(name);
        if (i < 0) {
            throw new LineProblem("missing field '" + name + "'");
        }
        return i;
    }

    private void expect(int i, Type type) throws LineProblem {
        if (types[i] == Type.BIG_INTEGER && type == Type.INTEGER) {
            throw outOfRange(i);
        }
        if (types[i] != type) {
            throw new LineProblem("field '" + names[i] + "' must be " + type.described + ", not "
                    + types[i].described);
        }
    }

    private LineProblem outOfRange(int i) {
        return new LineProblem("field '" + names[i] + "' is out of range");
    }

    /**
     * Field names from the parser are interned ({@code INTERN_FIELD_NAMES}, set on
     * {@link EventJson#FACTORY}) and so are the literals we look up, so identity is equality here.
     */
    private int indexOf(String name) {
        for (int i = 0; i < count; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        return -1;
    }

    /** Hostile input can hold huge strings; a message quotes at most a line of it. */
    static String shorten(String text) {
        return shorten(text, 60);
    }

    /** At most {@code max} characters, control characters shown as escapes so a message stays one clean line. */
    static String shorten(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= max - 1) {
                return out.append('…').toString();
            }
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
