package dev.ringscope.lesson;

/** Where a value stands in its lesson file, and the field it is: for messages that name the place. */
public record Spot(int line, int column, String field) {

    /** {@code lesson1.json:12:15: field 'steps[3].runTo'} */
    String prefix(String fileName) {
        return fileName + ":" + line + ":" + column + ": field '" + field + "'";
    }
}
