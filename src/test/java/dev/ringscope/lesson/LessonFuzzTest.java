package dev.ringscope.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringscope.testing.Fuzzing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped lessons (samples/lessons) damaged: JSON syntax broken, values of the wrong type, fields
 * missing or unknown, huge strings and arrays, deep nesting, bad counts and indexes. Reading ends with a
 * lesson or with a {@link LessonException} whose every problem starts {@code file:line:column:} at a line
 * of the file — never another exception.
 */
class LessonFuzzTest {

    private static final Duration HANG = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final java.util.regex.Pattern PROBLEM = java.util.regex.Pattern.compile("^(.*?):(\\d+):(\\d+): .+",
            java.util.regex.Pattern.DOTALL);

    private static final List<Path> LESSONS;
    private static final List<String> TEXTS = new ArrayList<>();

    static {
        try (Stream<Path> files = Files.list(Path.of("samples/lessons"))) {
            LESSONS = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            for (Path p : LESSONS) {
                TEXTS.add(Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A lesson's text as one try has it, read as if it were the file {@code file}. */
    record Case(Path file, String text) {

        String show() {
            return file + ":\n" + text;
        }
    }

    @Test
    void lessonsWithBrokenSyntaxAreReadOrSayWhere() {
        Fuzzing.run("lesson-syntax", 1500, HANG, random -> {
            int which = random.nextInt(LESSONS.size());
            return new Case(LESSONS.get(which), brokenSyntax(random, TEXTS.get(which)));
        }, Case::show, LessonFuzzTest::readsOrSaysWhere);
    }

    @Test
    void lessonsWithWrongValuesAreReadOrSayWhere() {
        Fuzzing.run("lesson-values", 1500, HANG, random -> {
            int which = random.nextInt(LESSONS.size());
            return new Case(LESSONS.get(which), wrongValues(random, TEXTS.get(which)));
        }, Case::show, LessonFuzzTest::readsOrSaysWhere);
    }

    // ---------------------------------------------------------------- damage

    private static String brokenSyntax(Random random, String text) {
        String s = text;
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(s.length() + 1);
            String c = String.valueOf(pick(random, "{}[]\",:\\ \n\t0-e.tfn\u0000\u001F\uD800\uFFFF\u2028/*#'".toCharArray()));
            s = switch (random.nextInt(7)) {
                case 0 -> s.substring(0, at) + c + s.substring(at);
                case 1 -> at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s;
                case 2 -> at < s.length() ? s.substring(0, at) + c + s.substring(at + 1) : s;
                case 3 -> s.substring(0, at);
                case 4 -> {
                    int end = Math.min(s.length(), at + random.nextInt(200));
                    yield s.substring(0, end) + s.substring(at, end) + s.substring(end); // a stretch twice
                }
                case 5 -> s.substring(0, at) + pick(random, new String[] {"{", "[", "\"", "}", "]", "{\"a\":", "[[[[",
                    "\"format\": 1,", "/* c */", "NaN", "Infinity", "-", "1e99999", "\"\\u12\"", "\\", "[".repeat(5000),
                    "{\"a\":".repeat(3000)}) + s.substring(at);
                default -> {
                    List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
                    java.util.Collections.swap(lines, random.nextInt(lines.size()), random.nextInt(lines.size()));
                    yield String.join("\n", lines);
                }
            };
        }
        return s;
    }

    private static String wrongValues(Random random, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            JsonNode at = pick(random, containers);
            if (at instanceof ObjectNode o) {
                List<String> names = new ArrayList<>();
                o.fieldNames().forEachRemaining(names::add);
                String name = names.isEmpty() || random.nextInt(5) == 0
                        ? pick(random, new String[] {"unknown", "count", "runTo", "steps", "instruction", "label", "",
                            "answer", "format"})
                        : pick(random, names);
                switch (random.nextInt(3)) {
                    case 0 -> o.remove(name);
                    default -> o.set(name, hostileValue(random));
                }
            } else if (at instanceof ArrayNode a) {
                int i = random.nextInt(a.size() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> {
                        if (i < a.size()) {
                            a.remove(i);
                        }
                    }
                    case 1 -> a.insert(i, hostileValue(random));
                    default -> {
                        if (i < a.size()) {
                            a.set(i, hostileValue(random));
                        }
                    }
                }
            }
        }
        if (random.nextInt(4) == 0 && root instanceof ObjectNode o) { // the top-level fields, now and then
            o.set(pick(random, new String[] {"format", "title", "program", "technique", "isa", "cost"}),
                    hostileValue(random));
        }
        String out = root.toPrettyString();
        return random.nextInt(10) == 0 ? out.replaceFirst("\"title\"", "\"title\": \"twice\", \"title\"") : out;
    }

    private static JsonNode hostileValue(Random random) {
        return switch (random.nextInt(17)) {
            case 0 -> NODES.numberNode(pick(random, new long[] {0, -1, 1, 2, 3, 4, 1_000_000, 1_000_001,
                Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE + 1L}));
            case 1 -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 2 -> NODES.numberNode(pick(random, new double[] {1.5, -0.0, 1e300, Double.MIN_VALUE}));
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> NODES.textNode("");
            case 6 -> NODES.textNode("x".repeat(1 << (10 + random.nextInt(11))));
            case 7, 15 -> NODES.textNode(pick(random, new String[] {"**", "`", "``", "** `a` **", "ring 9", "ring -1",
                "register XYZ", "code 0x1FFFFFFFF", "code ", "vmcs ", "comparison ?", "crossing now", " ",
                "native", "type1", "simplified", "strict", "modern", "vmExit", "instructionRetired",
                "user/nosuch.asm", "../../../etc/passwd", "a\u0000b", "/", ".", "lessons", "\uD800", "\t\n"}));
            case 8 -> {
                ArrayNode a = NODES.arrayNode();
                int n = random.nextInt(3) == 0 ? 10_000 : random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    a.add(random.nextBoolean() ? NODES.textNode("ring 0") : NODES.numberNode(i));
                }
                yield a;
            }
            case 9 -> {
                JsonNode deep = NODES.numberNode(1);
                int depth = pick(random, new int[] {10, 200}); // 4 edits deep stays in the 1000 Jackson writes
                for (int i = 0; i < depth; i++) {
                    deep = random.nextBoolean() ? NODES.arrayNode().add(deep) : NODES.objectNode().set("a", deep);
                }
                yield deep;
            }
            case 10 -> NODES.objectNode();
            case 11 -> NODES.arrayNode();
            case 12 -> NODES.objectNode().put(pick(random, new String[] {"instruction", "label", "event"}),
                    pick(random, new String[] {"0", "-5", "user_main", "vmExit"})).put("count", random.nextInt(3) - 1);
            case 13 -> NODES.objectNode().put("instruction", random.nextInt(3) - 1).put("label", "x");
            case 14 -> {
                ObjectNode q = NODES.objectNode().put("prompt", "p").put("explanation", "e").put("answer",
                        random.nextInt(7) - 2);
                ArrayNode choices = q.putArray("choices");
                for (int i = random.nextInt(6); i > 0; i--) {
                    choices.add("c" + i);
                }
                yield q;
            }
            default -> NODES.textNode("ring " + (random.nextInt(6) - 2));
        };
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode() && containers.size() < 5000) {
            containers.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), containers);
            }
        }
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static <T> T pick(Random random, T[] options) {
        return options[random.nextInt(options.length)];
    }

    private static char pick(Random random, char[] options) {
        return options[random.nextInt(options.length)];
    }

    private static long pick(Random random, long[] options) {
        return options[random.nextInt(options.length)];
    }

    private static double pick(Random random, double[] options) {
        return options[random.nextInt(options.length)];
    }

    private static int pick(Random random, int[] options) {
        return options[random.nextInt(options.length)];
    }

    // ---------------------------------------------------------------- checks

    private static void readsOrSaysWhere(Case c) {
        try {
            Lesson lesson = LessonReader.read(c.file(), c.text());
            assertNotNull(lesson);
            assertFalse(lesson.steps().isEmpty());
        } catch (LessonException e) {
            assertEquals(LessonException.Kind.BAD_FILE, e.kind());
            assertFalse(e.problems().isEmpty());
            int lines = (int) c.text().chars().filter(ch -> ch == '\n').count() + 1;
            for (String problem : e.problems()) {
                Matcher m = PROBLEM.matcher(problem);
                assertTrue(m.matches(), () -> "a problem without file:line:column: " + problem);
                assertFalse(problem.contains("\n"), () -> "a problem of more than one line: " + problem);
                assertEquals(c.file().getFileName().toString(), m.group(1), problem);
                int line = Integer.parseInt(m.group(2));
                int column = Integer.parseInt(m.group(3));
                assertTrue(line >= 1 && line <= lines, () -> "line out of the file's " + lines + ": " + problem);
                assertTrue(column >= 1, () -> "column before the line: " + problem);
            }
        }
    }
}
