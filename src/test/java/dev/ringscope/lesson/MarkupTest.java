package dev.ringscope.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkupTest {

    @Test
    void boldAndCodeBecomeSpans() {
        assertEquals(List.of(new Markup.Span("use ", false, false), new Markup.Span("int 0x80", false, true),
                new Markup.Span(" from ", false, false), new Markup.Span("ring 3", true, false)),
                Markup.parse("use `int 0x80` from **ring 3**").spans());
    }

    @Test
    void codeInsideBoldIsBoldCodeAndCodeIsLiteral() {
        assertEquals(List.of(new Markup.Span("a ", true, false), new Markup.Span("**x", true, true)),
                Markup.parse("**a `**x`**").spans());
    }

    @Test
    void unclosedMarkersAreErrors() {
        assertEquals("the ` at character 3 is never closed",
                assertThrows(IllegalArgumentException.class, () -> Markup.parse("a `b")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Markup.parse("**a"));
        assertThrows(IllegalArgumentException.class, () -> Markup.parse("a `` b"));
    }

    @Test
    void plainDropsTheMarkers() {
        assertEquals("the gate DPL", Markup.parse("the **gate** `DPL`").plain());
    }
}
