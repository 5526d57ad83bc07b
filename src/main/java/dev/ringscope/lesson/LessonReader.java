package dev.ringscope.lesson;

import dev.ringscope.asm.MiniOs;
import dev.ringscope.trace.ArchRegister;
import dev.ringscope.trace.EventKind;
import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.HostType;
import dev.ringscope.vmm.Technique;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads a lesson file (docs/lesson-format.md) and checks every field: unknown fields, wrong types and
 * bad values are all problems, collected in one {@link LessonException} so a lesson's author sees
 * them together, each as {@code file:line:column: field 'path': expected …}.
 */
public final class LessonReader {

    private static final List<String> LESSON_FIELDS = List.of("format", "title", "program", "technique", "isa", "cost",
            "steps");
    private static final List<String> STEP_FIELDS = List.of("title", "runTo", "narration", "highlight", "technique", "isa",
            "cost", "compare", "notes", "question", "rings", "host");
    private static final List<String> POINT_FIELDS = List.of("instruction", "label", "event", "count");
    private static final List<String> QUESTION_FIELDS = List.of("prompt", "choices", "answer", "explanation");

    private final String fileName;
    private final List<String> problems = new ArrayList<>();

    private LessonReader(String fileName) {
        this.fileName = fileName;
    }

    /** Reads and checks the lesson in {@code file}. */
    public static Lesson read(Path file) throws IOException, LessonException {
        return read(file, Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Checks {@code text} as the lesson file {@code file} (whose folder the guest program is looked for in). */
    public static Lesson read(Path file, String text) throws LessonException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        LessonReader reader = new LessonReader(name);
        Json.Node root;
        try {
            root = Json.parse(text);
        } catch (Json.SyntaxError e) {
            throw new LessonException(LessonException.Kind.BAD_FILE,
                    List.of(oneLine(name + ":" + e.line + ":" + e.column + ": " + e.getMessage())));
        }
        Lesson lesson = reader.lesson(file, root);
        if (!reader.problems.isEmpty()) {
            throw new LessonException(LessonException.Kind.BAD_FILE, reader.problems);
        }
        return lesson;
    }

    // ---------------------------------------------------------------- the lesson

    private Lesson lesson(Path file, Json.Node root) {
        if (!root.isObject()) {
            problem(root, "expected a JSON object (a lesson), found " + root.typeName());
            return null;
        }
        Map<String, Json.Node> f = fields(root, LESSON_FIELDS, "a lesson");
        Json.Node format = required(root, f, "format");
        if (format != null && !(format.value() instanceof Long v && v == Lesson.FORMAT)) {
            problem(format, "expected " + Lesson.FORMAT + " (the version of the lesson format this RingScope reads)"
                    + (format.value() instanceof Long ? ", found " + format.value() : ", found " + format.typeName()));
        }
        String title = text(required(root, f, "title"));
        Path program = program(file, f.get("program"), required(root, f, "program"));
        Technique technique = f.containsKey("technique") ? technique(f.get("technique")) : Technique.NATIVE;
        Boolean strict = f.containsKey("isa") ? isa(f.get("isa")) : Boolean.FALSE;
        CostModel cost = f.containsKey("cost") ? cost(f.get("cost")) : CostModel.P4_2006;
        List<LessonStep> steps = new ArrayList<>();
        Json.Node stepsNode = required(root, f, "steps");
        if (stepsNode != null) {
            if (!(stepsNode.value() instanceof List)) {
                expected(stepsNode, "an array of steps");
            } else if (stepsNode.items().isEmpty()) {
                problem(stepsNode, "expected at least one step");
            } else {
                for (Json.Node s : stepsNode.items()) {
                    LessonStep step = step(s, steps.size() + 1);
                    if (step != null) {
                        steps.add(step);
                    }
                }
            }
        }
        for (LessonStep step : steps) {
            Technique runs = step.technique().orElse(technique);
            if (step.host().isPresent() && runs != null && !step.host().get().allows(runs)) {
                problem(hostNodes.get(step.number()), step.host().get().refusal(runs));
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new Lesson(file, title, program, technique, strict, cost, steps);
    }

    private Path program(Path lessonFile, Json.Node node, Json.Node present) {
        String name = text(present);
        if (name == null) {
            return null;
        }
        try {
            Path folder = lessonFile.toAbsolutePath().getParent();
            Path beside = folder == null ? Path.of(name) : folder.resolve(name);
            if (Files.isRegularFile(beside)) {
                return beside.normalize();
            }
            Path inSamples = MiniOs.samplesRoot().resolve(name);
            if (Files.isRegularFile(inSamples)) {
                return inSamples.normalize();
            }
        } catch (IOException | java.nio.file.InvalidPathException e) {
            // no such file, or a name no file can have (a NUL in it): the problem below
        }
        problem(node, "expected a guest program (.asm) beside the lesson or under samples/: no file '" + name + "'");
        return null;
    }

    // ---------------------------------------------------------------- steps

    private LessonStep step(Json.Node s, int number) {
        if (!s.isObject()) {
            expected(s, "a step (an object with title, runTo, narration …)");
            return null;
        }
        int before = problems.size();
        Map<String, Json.Node> f = fields(s, STEP_FIELDS, "a step");
        String title = text(required(s, f, "title"));
        RunPoint point = point(required(s, f, "runTo"));
        Markup narration = markup(required(s, f, "narration"));
        List<Highlight> highlights = new ArrayList<>();
        Json.Node h = f.get("highlight");
        if (h != null) {
            if (h.value() instanceof String) {
                add(highlights, highlight(h));
            } else if (h.value() instanceof List) {
                h.items().forEach(item -> add(highlights, highlight(item)));
            } else {
                expected(h, "a highlight (\"ring 0\", \"register ESP\", …) or an array of them");
            }
        }
        Optional<Technique> technique = f.containsKey("technique") ? Optional.ofNullable(technique(f.get("technique")))
                : Optional.empty();
        Optional<Boolean> strict = f.containsKey("isa") ? Optional.ofNullable(isa(f.get("isa"))) : Optional.empty();
        Optional<CostModel> cost = f.containsKey("cost") ? Optional.ofNullable(cost(f.get("cost"))) : Optional.empty();
        List<Technique> compare = new ArrayList<>();
        Json.Node c = f.get("compare");
        if (c != null) {
            if (!(c.value() instanceof List) || c.items().size() < 2 || c.items().size() > 4) {
                expected(c, "an array of 2 to 4 technique names (the comparison's panes)");
            } else {
                for (Json.Node t : c.items()) {
                    Technique tech = technique(t);
                    if (tech != null && compare.contains(tech)) {
                        problem(t, "expected each technique once; " + tech.id() + " is named twice");
                    } else if (tech != null) {
                        compare.add(tech);
                    }
                }
            }
        }
        String notes = f.containsKey("notes") ? text(f.get("notes")) : "";
        Optional<Question> question = f.containsKey("question") ? Optional.ofNullable(question(f.get("question")))
                : Optional.empty();
        Optional<RingPicture> rings = f.containsKey("rings") ? Optional.ofNullable(ringPicture(f.get("rings")))
                : Optional.empty();
        Optional<HostType> host = f.containsKey("host") ? Optional.ofNullable(host(f.get("host"))) : Optional.empty();
        if (host.isPresent()) {
            hostNodes.put(number, f.get("host"));
        }
        if (problems.size() > before) {
            return null;
        }
        return new LessonStep(number, title, point, narration, highlights, technique, strict, cost, compare, notes, question,
                rings, host);
    }

    private RunPoint point(Json.Node node) {
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            expected(node, "an object with one of instruction, label, event (and count)");
            return null;
        }
        Map<String, Json.Node> f = fields(node, POINT_FIELDS, "a runTo point");
        List<String> kinds = f.keySet().stream().filter(k -> !k.equals("count") && POINT_FIELDS.contains(k)).toList();
        if (kinds.size() != 1) {
            problem(node, "expected exactly one of instruction, label, event"
                    + (kinds.isEmpty() ? "" : ", found " + String.join(" and ", kinds)));
            return null;
        }
        Spot spot = spot(node);
        Json.Node countNode = f.get("count");
        int count = 1;
        if (countNode != null) {
            if (kinds.get(0).equals("instruction")) {
                problem(countNode, "expected no count with instruction (it is already a count)");
                return null;
            }
            Long n = positive(countNode, "a count of 1 or more (\"the 3rd\": 3)");
            if (n == null) {
                return null;
            }
            if (n > 1_000_000) {
                problem(countNode, "expected a count up to 1,000,000");
                return null;
            }
            count = (int) (long) n;
        }
        Json.Node v = f.get(kinds.get(0));
        switch (kinds.get(0)) {
            case "instruction" -> {
                Long n = positive(v, "an instruction count of 1 or more");
                return n == null ? null : new RunPoint.AfterInstructions(n, spot(v));
            }
            case "label" -> {
                String label = text(v);
                return label == null ? null : new RunPoint.AtLabel(label.trim(), count, spot(v));
            }
            default -> {
                if (!(v.value() instanceof String name)) {
                    expected(v, "an event kind such as vmExit");
                    return null;
                }
                EventKind kind = EventKind.fromJsonName(name);
                if (kind == null || kind == EventKind.INSTRUCTION_RETIRED || kind == EventKind.REGISTER_WRITE
                        || kind == EventKind.MEMORY_ACCESS) {
                    problem(v, "expected an event kind, one of " + eventKinds() + "; found '" + name + "'");
                    return null;
                }
                return new RunPoint.NextEvent(kind, count, spot);
            }
        }
    }

    /** The kinds a step may run to: every kind but the per-instruction ones (use instruction or label for those). */
    static String eventKinds() {
        return Arrays.stream(EventKind.values())
                .filter(k -> k != EventKind.INSTRUCTION_RETIRED && k != EventKind.REGISTER_WRITE
                        && k != EventKind.MEMORY_ACCESS)
                .map(EventKind::jsonName).collect(Collectors.joining(", "));
    }

    private Highlight highlight(Json.Node node) {
        if (!(node.value() instanceof String text)) {
            expected(node, "a highlight string such as \"ring 0\" or \"register ESP\"");
            return null;
        }
        String[] words = text.trim().split("\\s+", 2);
        String what = words[0].toLowerCase(Locale.ROOT);
        String arg = words.length > 1 ? words[1].trim() : "";
        switch (what) {
            case "ring" -> {
                if (arg.matches("-1|[0-3]")) {
                    return new Highlight.Ring(Integer.parseInt(arg));
                }
                problem(node, "expected a ring 3, 2, 1, 0 or -1 (VMX root), found '" + arg + "'");
            }
            case "register" -> {
                for (ArchRegister r : ArchRegister.values()) {
                    if (r.name().equalsIgnoreCase(arg)) {
                        return new Highlight.Register(r);
                    }
                }
                problem(node, "expected a register name (" + Arrays.stream(ArchRegister.values()).map(Enum::name)
                        .collect(Collectors.joining(", ")) + "), found '" + arg + "'");
            }
            case "code" -> {
                if (arg.matches("0[xX][0-9a-fA-F]{1,8}")) {
                    return new Highlight.CodeLine(null, Long.parseLong(arg.substring(2), 16), spot(node));
                }
                if (arg.matches("[A-Za-z_.?][A-Za-z0-9_$#@~.?]*")) {
                    return new Highlight.CodeLine(arg, null, spot(node));
                }
                problem(node, "expected a code line: a label of the program or an address such as 0x108000, found '"
                        + arg + "'");
            }
            case "crossing" -> {
                if (arg.isEmpty()) {
                    return new Highlight.Crossing();
                }
                problem(node, "expected \"crossing\" alone");
            }
            case "vmcs" -> {
                VmcsFieldName field = VmcsFieldName.find(arg);
                if (field != null) {
                    return new Highlight.VmcsField(field);
                }
                problem(node, "expected a VMCS field (" + Arrays.stream(VmcsFieldName.values()).map(Enum::name)
                        .collect(Collectors.joining(", ")) + "), found '" + arg + "'");
            }
            case "comparison" -> {
                ComparisonRowName row = ComparisonRowName.find(arg);
                if (row != null) {
                    return new Highlight.ComparisonRow(row);
                }
                problem(node, "expected a comparison row (" + Arrays.stream(ComparisonRowName.values())
                        .map(ComparisonRowName::id).collect(Collectors.joining(", ")) + "), found '" + arg + "'");
            }
            default -> problem(node, "expected a highlight: ring N, register NAME, code LABEL|ADDRESS, crossing, "
                    + "vmcs FIELD or comparison ROW; found '" + text + "'");
        }
        return null;
    }

    private Question question(Json.Node node) {
        if (!node.isObject()) {
            expected(node, "a question (an object with prompt, choices, answer, explanation)");
            return null;
        }
        int before = problems.size();
        Map<String, Json.Node> f = fields(node, QUESTION_FIELDS, "a question");
        Markup prompt = markup(required(node, f, "prompt"));
        Json.Node choicesNode = required(node, f, "choices");
        List<Markup> choices = new ArrayList<>();
        if (choicesNode != null) {
            if (!(choicesNode.value() instanceof List) || choicesNode.items().size() < 2 || choicesNode.items().size() > 4) {
                expected(choicesNode, "an array of 2 to 4 choices"
                        + (choicesNode.value() instanceof List ? ", found " + choicesNode.items().size() : ""));
            } else {
                choicesNode.items().forEach(c -> {
                    Markup m = markup(c);
                    if (m != null) {
                        choices.add(m);
                    }
                });
            }
        }
        Json.Node answerNode = required(node, f, "answer");
        int answer = -1;
        if (answerNode != null) {
            if (!(answerNode.value() instanceof Long a)) {
                expected(answerNode, "the index of the right choice (0 for the first)");
            } else if (choicesNode != null && choicesNode.value() instanceof List
                    && (a < 0 || a >= choicesNode.items().size())) {
                problem(answerNode, "expected the index of the right choice, 0 to " + (choicesNode.items().size() - 1)
                        + " (0 for the first), found " + a);
            } else {
                answer = (int) (long) a;
            }
        }
        Markup explanation = markup(required(node, f, "explanation"));
        if (problems.size() > before) {
            return null;
        }
        return new Question(prompt, choices, answer, explanation);
    }

    // ---------------------------------------------------------------- values

    private Technique technique(Json.Node node) {
        if (!(node.value() instanceof String name)) {
            expected(node, "a technique name");
            return null;
        }
        try {
            return Technique.parse(name);
        } catch (IllegalArgumentException e) {
            problem(node, "expected a technique, one of " + Arrays.stream(Technique.values()).map(Technique::id)
                    .collect(Collectors.joining(", ")) + "; found '" + name + "'");
            return null;
        }
    }

    /** Each step's "host" field, for a message at its place when the step's technique cannot run there. */
    private final Map<Integer, Json.Node> hostNodes = new java.util.HashMap<>();

    private HostType host(Json.Node node) {
        if (node.value() instanceof String name) {
            try {
                return HostType.parse(name);
            } catch (IllegalArgumentException e) {
                problem(node, "expected a host, one of type1, type2, kvm; found '" + name + "'");
                return null;
            }
        }
        expected(node, "a host name (type1, type2, kvm)");
        return null;
    }

    private RingPicture ringPicture(Json.Node node) {
        for (RingPicture p : RingPicture.values()) {
            if (p.id().equals(node.value())) {
                return p;
            }
        }
        expected(node, "\"simplified\" (ring -1 below ring 0) or \"accurate\" (VMX root and non-root, each with rings 0-3)");
        return null;
    }

    private Boolean isa(Json.Node node) {
        if (node.value() instanceof String s && (s.equals("x86") || s.equals("strict"))) {
            return s.equals("strict");
        }
        expected(node, "\"x86\" or \"strict\"");
        return null;
    }

    private CostModel cost(Json.Node node) {
        if (node.value() instanceof String s && (s.equals("2006") || s.equals("modern"))) {
            return s.equals("modern") ? CostModel.MODERN : CostModel.P4_2006;
        }
        expected(node, "\"2006\" or \"modern\" (the cost preset)");
        return null;
    }

    private Markup markup(Json.Node node) {
        String text = text(node);
        if (text == null) {
            return null;
        }
        try {
            return Markup.parse(text);
        } catch (IllegalArgumentException e) {
            problem(node, "expected text with balanced **bold** and `code` markers: " + e.getMessage());
            return null;
        }
    }

    /** A non-blank string, or null (and a problem). */
    private String text(Json.Node node) {
        if (node == null) {
            return null;
        }
        if (!(node.value() instanceof String s)) {
            expected(node, "a string");
            return null;
        }
        if (s.isBlank()) {
            problem(node, "expected a non-empty text");
            return null;
        }
        return s;
    }

    private Long positive(Json.Node node, String what) {
        if (node.value() instanceof Long n && n >= 1) {
            return n;
        }
        expected(node, what);
        return null;
    }

    // ---------------------------------------------------------------- fields and problems

    /** The object's fields; an unknown one is a problem (a typo must not pass silently). */
    private Map<String, Json.Node> fields(Json.Node object, List<String> known, String what) {
        Map<String, Json.Node> f = object.fields();
        for (Map.Entry<String, Json.Node> e : f.entrySet()) {
            if (!known.contains(e.getKey())) {
                problem(e.getValue(), "unknown field; " + what + " has only " + String.join(", ", known));
            }
        }
        return f;
    }

    private Json.Node required(Json.Node object, Map<String, Json.Node> fields, String name) {
        Json.Node n = fields.get(name);
        if (n == null) {
            problems.add(oneLine(fileName + ":" + object.line() + ":" + object.column() + ": field '"
                    + (object.path().isEmpty() ? name : object.path() + "." + name) + "': missing (it is required)"));
        }
        return n;
    }

    private void expected(Json.Node node, String what) {
        problem(node, "expected " + what + ", found " + describe(node));
    }

    private static String describe(Json.Node node) {
        Object v = node.value();
        if (v instanceof String s) {
            return "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
        } else if (v instanceof Long || v instanceof Double || v instanceof Boolean) {
            return String.valueOf(v);
        }
        return node.typeName();
    }

    private void problem(Json.Node node, String message) {
        problems.add(oneLine(spot(node).prefix(fileName) + ": " + message));
    }

    /**
     * A problem is one line: a value or a field name quoted in it may hold a line break or another control
     * character, shown as an escape ({@code \n}, {@code \u0000}).
     */
    static String oneLine(String problem) {
        StringBuilder sb = new StringBuilder(problem.length());
        for (char c : problem.toCharArray()) {
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F || c == 0x85 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static Spot spot(Json.Node node) {
        return new Spot(node.line(), node.column(), node.path().isEmpty() ? "(the lesson)" : node.path());
    }

    private static <T> void add(List<T> list, T item) {
        if (item != null) {
            list.add(item);
        }
    }
}
