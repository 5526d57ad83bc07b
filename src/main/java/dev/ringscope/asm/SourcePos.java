package dev.ringscope.asm;

/** A place in a source file: 1-based line and column, printed the way compilers do. */
public record SourcePos(String file, int line, int column) {

    public SourcePos withColumn(int newColumn) {
        return new SourcePos(file, line, newColumn);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
