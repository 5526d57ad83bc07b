package dev.ringscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringscope.isa.Mnemonic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassifyCommandTest {

    private static Map<String, JsonNode> rows() throws Exception {
        StringWriter out = new StringWriter();
        int code = RingScopeCommand.execute(new String[] {"classify", "--json"}, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
        assertEquals(0, code);
        Map<String, JsonNode> rows = new HashMap<>();
        new ObjectMapper().readTree(out.toString()).forEach(n -> rows.put(n.get("mnemonic").asText(), n));
        return rows;
    }

    @Test
    void everyModelledMnemonicHasARowWithASource() throws Exception {
        Map<String, JsonNode> rows = rows();
        for (Mnemonic m : Mnemonic.values()) {
            String name = dev.ringscope.isa.Syntax.name(m); // "o16 enter" for ENTERW: NASM's spelling
            boolean present = rows.keySet().stream().anyMatch(r -> r.equals(name) || r.startsWith(name + " "));
            assertTrue(present, m + " has no classification row");
        }
        rows.values().forEach(n -> assertFalse(n.get("source").asText().isBlank(), n.toString()));
    }

    @Test
    void theClassesFollowTheSdmAndRobinAndIrvine() throws Exception {
        Map<String, JsonNode> rows = rows();
        assertTrue(rows.get("hlt").get("privileged").asBoolean());
        assertEquals("control", rows.get("mov cr").get("sensitive").asText());
        assertTrue(rows.get("cli").get("ioplSensitive").asBoolean());
        assertFalse(rows.get("cli").get("privileged").asBoolean());
        JsonNode popf = rows.get("popfd");
        assertFalse(popf.get("privileged").asBoolean());
        assertEquals("control", popf.get("sensitive").asText());
        assertEquals("behaviour", rows.get("sgdt").get("sensitive").asText());
        assertEquals("behaviour", rows.get("jmp far").get("sensitive").asText());
        assertEquals("behaviour", rows.get("push sreg").get("sensitive").asText());
        assertEquals("none", rows.get("add").get("sensitive").asText());
        assertEquals("none", rows.get("push").get("sensitive").asText());
    }
}
