package dev.ringscope.lesson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document as a tree whose every value remembers where it starts (line and column) and its path
 * ({@code steps[3].runTo}), so a lesson's checks can name the place of a bad value, not only of bad
 * syntax. Jackson's streaming parser reads it; a tree of our own keeps the locations Jackson's
 * {@code JsonNode} drops.
 */
final class Json {

    /** One value: a {@code Map<String, Node>}, {@code List<Node>}, String, Number, Boolean or null. */
    record Node(Object value, String path, int line, int column) {

        boolean isObject() {
            return value instanceof Map;
        }

        @SuppressWarnings("unchecked")
        Map<String, Node> fields() {
            return (Map<String, Node>) value;
        }

        @SuppressWarnings("unchecked")
        List<Node> items() {
            return (List<Node>) value;
        }

        /** The JSON type as a person says it: "a string", "an object", … */
        String typeName() {
            if (value == null) {
                return "null";
            } else if (value instanceof Map) {
                return "an object";
            } else if (value instanceof List) {
                return "an array";
            } else if (value instanceof String) {
                return "a string";
            } else if (value instanceof Boolean) {
                return "a boolean";
            } else if (value instanceof Double) {
                return "a decimal number";
            }
            return "a number";
        }
    }

    /** Malformed JSON: where and what. */
    static final class SyntaxError extends Exception {
        final int line;
        final int column;

        SyntaxError(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    private Json() {
    }

    /** The document in {@code text}; duplicate keys and trailing content are syntax errors too. */
    static Node parse(String text) throws SyntaxError {
        JsonParser p;
        try {
            p = FACTORY.createParser(text);
        } catch (IOException e) {
            throw new SyntaxError("malformed JSON: " + e.getMessage(), 1, 1);
        }
        try (p) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new SyntaxError("the file is empty: expected a JSON object", 1, 1);
            }
            Node root = value(p, "");
            JsonToken extra = p.nextToken();
            if (extra != null) {
                JsonLocation at = p.currentTokenLocation();
                throw new SyntaxError("unexpected content after the end of the JSON object", at.getLineNr(), at.getColumnNr());
            }
            return root;
        } catch (JsonProcessingException e) {
            // bad syntax, or past one of Jackson's limits (nesting 1000 deep, a number of 1000 digits), which
            // says no place of its own: then where the parser stopped
            JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
            String message = e.getOriginalMessage().replaceAll(", from `[^`]*`", "");
            int cut = message.indexOf('\n');
            throw new SyntaxError("malformed JSON: " + (cut < 0 ? message : message.substring(0, cut)).trim(),
                    Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
        } catch (IOException e) {
            throw new SyntaxError("malformed JSON: " + e.getMessage(), 1, 1);
        }
    }

    private static Node value(JsonParser p, String path) throws IOException, SyntaxError {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonLocation nameAt = p.currentTokenLocation();
                    if (fields.containsKey(name)) {
                        throw new SyntaxError("field '" + join(path, name) + "' appears twice",
                                nameAt.getLineNr(), nameAt.getColumnNr());
                    }
                    p.nextToken();
                    fields.put(name, value(p, join(path, name)));
                }
                return new Node(fields, path, line, column);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p, path + "[" + items.size() + "]"));
                }
                return new Node(items, path, line, column);
            }
            case VALUE_STRING -> {
                return new Node(p.getText(), path, line, column);
            }
            case VALUE_NUMBER_INT -> {
                return new Node(p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Long.valueOf(Long.MAX_VALUE)
                        : (Object) p.getLongValue(), path, line, column);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Node(p.getDoubleValue(), path, line, column);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node(t == JsonToken.VALUE_TRUE, path, line, column);
            }
            case VALUE_NULL -> {
                return new Node(null, path, line, column);
            }
            default -> throw new SyntaxError("malformed JSON: unexpected " + t, line, column);
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
