package dev.ringscope.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The trace header as one JSON object, written and read the same way by both forms: the first line
 * of a {@code .jsonl} file, and the header block of a {@code .rstrace} file. Problems become a
 * {@link TraceFormatException} whose message starts with the position it is given.
 */
final class HeaderJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(EventJson.FACTORY.streamReadConstraints()).build()).build();

    private HeaderJson() {
    }

    static void write(JsonGenerator g, TraceHeader header) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "header");
        g.writeNumberField("schemaVersion", header.schemaVersion());
        g.writeStringField("program", header.program());
        g.writeStringField("technique", header.technique());
        g.writeStringField("isa", header.isa());
        g.writeStringField("costPreset", header.costPreset());
        g.writeObjectFieldStart("rings");
        for (Map.Entry<Integer, Party> ring : header.rings().parties().entrySet()) {
            g.writeStringField(Integer.toString(ring.getKey()), ring.getValue().name());
        }
        g.writeEndObject();
        if (header.rings().hosted()) {
            // written only under a hosted or KVM host, so every earlier trace's header stays as it was
            g.writeArrayFieldStart("hostWorld");
            for (Party party : header.rings().hostWorld()) {
                g.writeString(party.name());
            }
            g.writeEndArray();
        }
        g.writeObjectFieldStart("options");
        for (Map.Entry<String, String> option : header.options().entrySet()) {
            g.writeStringField(option.getKey(), option.getValue());
        }
        g.writeEndObject();
        g.writeStringField("createdBy", header.createdBy());
        g.writeEndObject();
    }

    /** The header as UTF-8 JSON, exactly as the first line of a JSON Lines trace (without the newline). */
    static byte[] toBytes(TraceHeader header) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = EventJson.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            write(g, header);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /**
     * Reads a header object from {@code length} bytes at {@code start}.
     *
     * @param where  how a message starts: {@code trace.jsonl:1} or {@code trace.rstrace, byte 14}
     * @param what     what holds the header: {@code the first line}, {@code the header block}
     * @param cutShort whether the bytes end before the header does (a file cut short)
     */
    static TraceHeader parse(byte[] bytes, int start, int length, String where, String what, boolean cutShort)
            throws TraceFormatException {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes, start, length);
        } catch (IOException e) {
            throw error(where, "not a RingScope trace: " + what + " is not a trace header: "
                    + (cutShort ? "it is cut short" : "malformed JSON: " + TraceReader.brief(e)));
        }
        if (node == null || !node.isObject() || !"header".equals(node.path("type").asText(null))) {
            throw error(where, "not a RingScope trace: " + what + " must be the header, {\"type\":\"header\",…}");
        }
        JsonNode version = node.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw error(where, "not a RingScope trace: the header has no schemaVersion");
        }
        int schemaVersion = version.intValue();
        if (schemaVersion > TraceHeader.SCHEMA_VERSION) {
            throw error(where, "schema version " + schemaVersion + " is newer than this RingScope reads (up to "
                    + TraceHeader.SCHEMA_VERSION + "); open it with a newer RingScope");
        }
        if (schemaVersion < 1) {
            throw error(where, "schema version " + schemaVersion + " is not valid");
        }
        String technique = text(node, "technique", where);
        RingOccupancy rings = schemaVersion >= 2 ? rings(node.get("rings"), node.get("hostWorld"), where)
                : RingOccupancy.impliedBy(technique);
        return new TraceHeader(schemaVersion, text(node, "program", where), technique, text(node, "isa", where),
                text(node, "costPreset", where), rings, options(node.get("options"), where),
                text(node, "createdBy", where));
    }

    /** {@code "rings": {"0": "GUEST_KERNEL", "3": "GUEST_USER"}}: ring numbers −1 … 3, each a party. */
    private static RingOccupancy rings(JsonNode rings, JsonNode hostWorld, String where) throws TraceFormatException {
        if (rings == null || rings.isNull()) {
            throw error(where, "header field 'rings' is missing; a version-2 trace says who runs in each ring");
        }
        if (!rings.isObject() || rings.isEmpty()) {
            throw error(where, "header field 'rings' must be an object from ring numbers (-1 to 3) to parties");
        }
        Map<Integer, Party> parties = new TreeMap<>();
        for (Map.Entry<String, JsonNode> ring : rings.properties()) {
            int number;
            try {
                number = Integer.parseInt(ring.getKey());
            } catch (NumberFormatException e) {
                number = Integer.MIN_VALUE;
            }
            if (!RingOccupancy.isRing(number)) {
                throw error(where, "header field 'rings': '" + LineFields.shorten(ring.getKey())
                        + "' is not a ring (rings are -1 to 3)");
            }
            Party party = null;
            if (ring.getValue().isTextual()) {
                for (Party p : Party.values()) {
                    if (p.name().equals(ring.getValue().textValue())) {
                        party = p;
                    }
                }
            }
            if (party == null) {
                throw error(where, "header field 'rings': ring " + number + " must name a party ("
                        + Arrays.toString(Party.values()) + "), not " + LineFields.shorten(ring.getValue().toString()));
            }
            parties.put(number, party);
        }
        Set<Party> host = hostWorld(hostWorld, where);
        try {
            return RingOccupancy.of(parties, host);
        } catch (IllegalArgumentException e) {
            throw error(where, "header field 'hostWorld': " + e.getMessage());
        }
    }

    /** {@code "hostWorld": ["HOST_KERNEL", "VMM_PROCESS"]}, optional: the host's parties around a hosted or KVM hypervisor. */
    private static Set<Party> hostWorld(JsonNode hostWorld, String where) throws TraceFormatException {
        Set<Party> host = EnumSet.noneOf(Party.class);
        if (hostWorld == null || hostWorld.isNull()) {
            return host;
        }
        if (!hostWorld.isArray()) {
            throw error(where, "header field 'hostWorld' must be an array of parties (HOST_KERNEL, VMM_PROCESS)");
        }
        for (JsonNode item : hostWorld) {
            Party party = item.isTextual() ? partyNamed(item.textValue()) : null;
            if (party == null) {
                throw error(where, "header field 'hostWorld': " + LineFields.shorten(item.toString())
                        + " is not a party (" + Arrays.toString(Party.values()) + ")");
            }
            host.add(party);
        }
        return host;
    }

    private static Party partyNamed(String name) {
        for (Party p : Party.values()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static String text(JsonNode header, String field, String where) throws TraceFormatException {
        JsonNode value = header.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw error(where, "header field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static Map<String, String> options(JsonNode options, String where) throws TraceFormatException {
        Map<String, String> map = new LinkedHashMap<>();
        if (options == null || options.isNull()) {
            return map;
        }
        if (!options.isObject()) {
            throw error(where, "header field 'options' must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> option : options.properties()) {
            if (!option.getValue().isTextual()) {
                throw error(where, "option '" + LineFields.shorten(option.getKey()) + "' must be a string");
            }
            map.put(option.getKey(), option.getValue().textValue());
        }
        return map;
    }

    private static TraceFormatException error(String where, String message) {
        return new TraceFormatException(where + ": " + message);
    }
}
