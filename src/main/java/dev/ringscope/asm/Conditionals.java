package dev.ringscope.asm;

import java.util.ArrayDeque;
import java.util.Deque;

/** The stack of open {@code %if} blocks in one file, macro body or %rep body. */
final class Conditionals {

    /** One open %if: whether an earlier branch was taken and whether the current one emits lines. */
    private static final class Block {
        final SourcePos opened;
        final boolean outerActive;
        boolean taken;
        boolean active;
        boolean elseSeen;

        Block(SourcePos opened, boolean outerActive, boolean condition) {
            this.opened = opened;
            this.outerActive = outerActive;
            this.active = outerActive && condition;
            this.taken = !outerActive || condition; // an inactive outer block takes no branch at all
        }
    }

    private final Deque<Block> blocks = new ArrayDeque<>();

    boolean active() {
        return blocks.isEmpty() || blocks.peek().active;
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** True if an %elif condition must be evaluated (no branch taken yet, outer block active). */
    boolean needsElifCondition() {
        return !blocks.isEmpty() && !blocks.peek().taken;
    }

    void openIf(SourcePos pos, boolean condition) {
        blocks.push(new Block(pos, active(), condition));
    }

    /** Returns an error message, or null. */
    String elif(boolean condition) {
        Block b = blocks.peek();
        if (b == null) {
            return "%elif without a matching %if";
        }
        if (b.elseSeen) {
            return "%elif after %else";
        }
        b.active = !b.taken && condition;
        b.taken |= condition;
        return null;
    }

    String otherwise() {
        Block b = blocks.peek();
        if (b == null) {
            return "%else without a matching %if";
        }
        if (b.elseSeen) {
            return "a second %else in the same %if";
        }
        b.elseSeen = true;
        b.active = !b.taken;
        b.taken = true;
        return null;
    }

    String endIf() {
        if (blocks.isEmpty()) {
            return "%endif without a matching %if";
        }
        blocks.pop();
        return null;
    }

    /** Closes every open block; returns where each was opened (innermost first). */
    java.util.List<SourcePos> closeAll() {
        java.util.List<SourcePos> open = blocks.stream().map(b -> b.opened).toList();
        blocks.clear();
        return open;
    }
}
