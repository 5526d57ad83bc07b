package dev.ringscope.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.trace.ArchRegister;
import dev.ringscope.trace.EventKind;
import dev.ringscope.vmm.CostModel;
import dev.ringscope.vmm.Technique;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LessonReaderTest {

    private static final Path FILE = Path.of("samples/lessons/test.json");

    /** A good lesson with one step whose fields are {@code step} (JSON members, no braces). */
    static String lesson(String step) {
        return """
                {
                  "format": 1,
                  "title": "A test",
                  "program": "user/hello.asm",
                  "steps": [
                    {
                      %s
                    }
                  ]
                }
                """.formatted(step);
    }

    static final String GOOD_STEP = """
            "title": "int 0x80",
                  "runTo": { "event": "systemCall" },
                  "narration": "the **gate** has `DPL 3`",
                  "notes": "n\"""";

    private static List<String> problems(String text) {
        LessonException e = assertThrows(LessonException.class, () -> LessonReader.read(FILE, text));
        assertEquals(LessonException.Kind.BAD_FILE, e.kind());
        return e.problems();
    }

    private static String onlyProblem(String text) {
        List<String> p = problems(text);
        assertEquals(1, p.size(), p.toString());
        return p.get(0);
    }

    @Test
    void readsEveryFieldOfAGoodLesson() throws Exception {
        Lesson l = LessonReader.read(FILE, """
                {"format": 1, "title": "T", "program": "user/hello.asm", "technique": "bt", "isa": "strict",
                 "cost": "modern", "steps": [{
                   "title": "s", "runTo": {"event": "vmExit", "count": 3}, "narration": "a **b** `c`",
                   "highlight": ["ring -1", "register esp", "code user_main", "code 0x108000", "crossing",
                                 "vmcs exit_reason", "comparison vmExits"],
                   "technique": "hardware-assisted", "isa": "x86", "compare": ["native", "hw"], "notes": "say it",
                   "question": {"prompt": "p?", "choices": ["a", "b", "c"], "answer": 2, "explanation": "because"}}]}
                """);
        assertEquals(Technique.BINARY_TRANSLATION, l.technique());
        assertTrue(l.strictIsa());
        assertEquals(CostModel.MODERN, l.cost());
        assertTrue(l.program().endsWith(Path.of("user", "hello.asm")), l.program().toString());
        LessonStep s = l.steps().get(0);
        assertEquals(1, s.number());
        RunPoint.NextEvent p = assertInstanceOf(RunPoint.NextEvent.class, s.runTo());
        assertEquals(EventKind.VM_EXIT, p.kind());
        assertEquals(3, p.count());
        assertEquals(List.of(new Highlight.Ring(-1), new Highlight.Register(ArchRegister.ESP)), s.highlights().subList(0, 2));
        assertEquals(new Highlight.VmcsField(VmcsFieldName.EXIT_REASON), s.highlights().get(5));
        assertEquals(new Highlight.ComparisonRow(ComparisonRowName.VM_EXITS), s.highlights().get(6));
        assertEquals(0x108000L, ((Highlight.CodeLine) s.highlights().get(3)).address());
        assertEquals(Technique.HARDWARE_ASSISTED, s.technique().orElseThrow());
        assertEquals(false, s.strictIsa().orElseThrow());
        assertEquals(List.of(Technique.NATIVE, Technique.HARDWARE_ASSISTED), s.compare());
        assertEquals(2, s.question().orElseThrow().answer());
        assertEquals("a b c", s.narration().plain());
        // the lesson's setup, switched by the step
        assertEquals(Technique.HARDWARE_ASSISTED, l.setupOf(s).technique());
        assertEquals(false, l.setupOf(s).strictIsa());
    }

    @Test
    void defaultsAreNativeX86And2006() throws Exception {
        Lesson l = LessonReader.read(FILE, lesson(GOOD_STEP));
        assertEquals(Technique.NATIVE, l.technique());
        assertEquals(false, l.strictIsa());
        assertEquals(CostModel.P4_2006, l.cost());
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() {
        String p = onlyProblem("{\n  \"format\": 1,\n  \"title\": \"x\" \"program\": 3\n}");
        assertTrue(p.startsWith("test.json:3:"), p);
        assertTrue(p.contains("malformed JSON"), p);
    }

    @Test
    void anEmptyFileIsOneProblem() {
        assertTrue(onlyProblem("").contains("empty"));
    }

    @Test
    void unknownFieldIsAnErrorWithItsPath() {
        String p = onlyProblem(lesson(GOOD_STEP + ",\n      \"naration\": \"typo\""));
        assertTrue(p.startsWith("test.json:11:19: field 'steps[0].naration': unknown field"), p);
        assertTrue(p.contains("narration"), "names the fields there are: " + p);
    }

    @Test
    void wrongTypeSaysWhatWasExpectedAndFound() {
        String p = onlyProblem(lesson(GOOD_STEP.replace("\"the **gate** has `DPL 3`\"", "5")));
        assertEquals("test.json:9:20: field 'steps[0].narration': expected a string, found 5", p);
    }

    @Test
    void badEnumValues() {
        assertTrue(onlyProblem(lesson(GOOD_STEP + ", \"technique\": \"magic\""))
                .contains("field 'steps[0].technique': expected a technique, one of native, trap-emulate"));
        assertTrue(onlyProblem(lesson(GOOD_STEP.replace("systemCall", "vmexit")))
                .contains("field 'steps[0].runTo.event': expected an event kind"));
        assertTrue(onlyProblem(lesson(GOOD_STEP + ", \"highlight\": \"register EXX\""))
                .contains("field 'steps[0].highlight': expected a register name"));
        assertTrue(onlyProblem(lesson(GOOD_STEP + ", \"highlight\": [\"ring 4\"]"))
                .contains("field 'steps[0].highlight[0]': expected a ring"));
        assertTrue(onlyProblem(lesson(GOOD_STEP + ", \"highlight\": [\"vmcs NO_SUCH\"]")).contains("VMCS field"));
        assertTrue(onlyProblem(lesson(GOOD_STEP + ", \"isa\": \"arm\"")).contains("expected \"x86\" or \"strict\""));
        assertTrue(onlyProblem(lesson(GOOD_STEP).replace("\"format\": 1", "\"format\": 2"))
                .contains("field 'format': expected 1"));
    }

    @Test
    void badQuestions() {
        String five = ", \"question\": {\"prompt\": \"p\", \"choices\": [\"a\",\"b\",\"c\",\"d\",\"e\"], \"answer\": 0, "
                + "\"explanation\": \"x\"}";
        assertTrue(onlyProblem(lesson(GOOD_STEP + five))
                .contains("field 'steps[0].question.choices': expected an array of 2 to 4 choices, found 5"));
        String outOfRange = ", \"question\": {\"prompt\": \"p\", \"choices\": [\"a\",\"b\"], \"answer\": 2, "
                + "\"explanation\": \"x\"}";
        assertTrue(onlyProblem(lesson(GOOD_STEP + outOfRange))
                .contains("field 'steps[0].question.answer': expected the index of the right choice, 0 to 1"));
        String noExplanation = ", \"question\": {\"prompt\": \"p\", \"choices\": [\"a\",\"b\"], \"answer\": 1}";
        assertTrue(onlyProblem(lesson(GOOD_STEP + noExplanation))
                .contains("field 'steps[0].question.explanation': missing"));
    }

    @Test
    void emptyTextAndUnclosedMarkup() {
        assertTrue(onlyProblem(lesson(GOOD_STEP.replace("the **gate** has `DPL 3`", "  ")))
                .endsWith("field 'steps[0].narration': expected a non-empty text"));
        assertTrue(onlyProblem(lesson(GOOD_STEP.replace("the **gate** has `DPL 3`", "the **gate")))
                .contains("the ** at character 5 is never closed"));
    }

    @Test
    void badPoints() {
        assertTrue(onlyProblem(lesson(GOOD_STEP.replace("{ \"event\": \"systemCall\" }",
                "{ \"event\": \"systemCall\", \"label\": \"x\" }"))).contains("expected exactly one of instruction, label, event"));
        assertTrue(onlyProblem(lesson(GOOD_STEP.replace("{ \"event\": \"systemCall\" }", "{ \"instruction\": 0 }")))
                .contains("field 'steps[0].runTo.instruction': expected an instruction count of 1 or more, found 0"));
        assertTrue(onlyProblem(lesson(GOOD_STEP.replace("{ \"event\": \"systemCall\" }",
                "{ \"instruction\": 5, \"count\": 2 }"))).contains("expected no count with instruction"));
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        List<String> p = problems(lesson(GOOD_STEP + ", \"technique\": \"magic\", \"isa\": \"arm\", \"extra\": 1"));
        assertEquals(3, p.size(), p.toString());
    }

    @Test
    void aMissingProgramAndADuplicateKey() {
        assertTrue(onlyProblem(lesson(GOOD_STEP).replace("user/hello.asm", "user/nope.asm"))
                .contains("field 'program': expected a guest program (.asm) beside the lesson or under samples/"));
        assertTrue(onlyProblem(lesson(GOOD_STEP).replace("\"format\": 1,", "\"format\": 1, \"format\": 1,"))
                .contains("field 'format' appears twice"));
    }

    @Test
    void aStepMayChooseThePictureOfTheRings() throws Exception {
        Lesson l = LessonReader.read(FILE, lesson(GOOD_STEP + ",\n\"rings\": \"accurate\""));
        assertEquals(java.util.Optional.of(RingPicture.ACCURATE), l.steps().get(0).rings());
        assertEquals(java.util.Optional.empty(), LessonReader.read(FILE, lesson(GOOD_STEP)).steps().get(0).rings());
        String again = LessonWriter.write(l, FILE);
        assertEquals(l.steps().get(0).rings(), LessonReader.read(FILE, again).steps().get(0).rings(), again);
        String problem = onlyProblem(lesson(GOOD_STEP + ",\n\"rings\": \"root\""));
        assertTrue(problem.contains("\"simplified\"") && problem.contains("\"accurate\""), problem);
    }

    @Test
    void aStepMayRunOnAHostThatRunsItsTechnique() throws Exception {
        String onKvm = lesson(GOOD_STEP + ",\n\"technique\": \"hardware-assisted\", \"host\": \"kvm\"");
        Lesson l = LessonReader.read(FILE, onKvm);
        assertEquals(java.util.Optional.of(dev.ringscope.vmm.HostType.KVM), l.steps().get(0).host());
        assertEquals(dev.ringscope.vmm.HostType.KVM, l.setupOf(l.steps().get(0)).host());
        assertEquals(l.steps().get(0).host(), LessonReader.read(FILE, LessonWriter.write(l, FILE)).steps().get(0).host());
        String refused = onlyProblem(lesson(GOOD_STEP + ",\n\"technique\": \"paravirtual\", \"host\": \"kvm\""));
        assertTrue(refused.contains("paravirtual under kvm: "), refused);
        String unknown = onlyProblem(lesson(GOOD_STEP + ",\n\"host\": \"type3\""));
        assertTrue(unknown.contains("expected a host, one of type1, type2, kvm; found 'type3'"), unknown);
    }

    /** Found by LessonFuzzTest: a name no file system takes (a NUL in it) is a problem at its place, not a crash. */
    @Test
    void aProgramNameThatCanBeNoFileIsAProblemAtItsPlace() {
        String p = onlyProblem(lesson(GOOD_STEP).replace("user/hello.asm", "user/a\\u0000b.asm"));
        assertTrue(p.startsWith("test.json:4:14: field 'program': expected a guest program (.asm)"), p);
    }

    /** Found by LessonFuzzTest: a quoted value with a line break would split the problem over two lines. */
    @Test
    void aProblemStaysOneLineWhateverTheValueHolds() {
        String p = onlyProblem(lesson(GOOD_STEP + ",\n\"isa\": \"x\\ny\\u0000\""));
        assertEquals("test.json:11:8: field 'steps[0].isa': expected \"x86\" or \"strict\", found 'x\\ny\\u0000'", p);
    }

    /** Past Jackson's limits (nesting, a number's digits, a string's length) the problem used to say 1:1, not where. */
    @Test
    void jsonPastTheParsersLimitsIsAProblemWhereTheParserStopped() {
        String deep = onlyProblem("{\"format\": 1,\n \"title\": " + "[".repeat(5000));
        assertTrue(deep.matches("test\\.json:2:\\d+: malformed JSON: Document nesting depth \\(1001\\) exceeds the maximum"
                + " allowed \\(1000\\)"), deep);
        String digits = onlyProblem("{\"format\": 1,\n \"title\": 1" + "0".repeat(2000) + "}");
        assertTrue(digits.matches("test\\.json:2:\\d+: malformed JSON: Number value length .*"), digits);
    }
}
