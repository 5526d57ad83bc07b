package dev.ringscope.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.replay.Playback;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.EventKind;
import dev.ringscope.vmm.Technique;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LessonResolverTest {

    private static final Path FILE = Path.of("samples/lessons/test.json");

    /** A hello.asm lesson with these steps (each a JSON object's members). */
    private static Lesson lesson(String... steps) throws LessonException {
        StringBuilder sb = new StringBuilder("{\"format\": 1, \"title\": \"t\", \"program\": \"user/hello.asm\", \"steps\": [");
        for (int i = 0; i < steps.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"title\": \"s").append(i + 1).append("\", \"narration\": \"n\", ")
                    .append(steps[i]).append('}');
        }
        return LessonReader.read(FILE, sb.append("]}").toString());
    }

    private static String notReached(Lesson lesson, long bound) {
        LessonException e = assertThrows(LessonException.class, () -> new LessonResolver(bound).resolve(lesson));
        assertEquals(LessonException.Kind.POINT_NOT_REACHED, e.kind());
        assertEquals(1, e.problems().size());
        return e.problems().get(0);
    }

    @Test
    void eachPointIsWhereItsEventOrLabelOrCountIs() throws Exception {
        Lesson l = lesson("\"runTo\": {\"event\": \"systemCall\"}", "\"runTo\": {\"label\": \"sys_write\"}",
                "\"runTo\": {\"instruction\": 4200}", "\"runTo\": {\"event\": \"runEnded\"}");
        ResolvedLesson r = new LessonResolver().resolve(l);
        // step 1: the step just shown contains the system call
        Playback p = r.show(0);
        assertEquals(1, p.view().count(EventKind.SYSTEM_CALL), "exactly the first system call has happened");
        p.stepBack();
        assertEquals(0, p.view().count(EventKind.SYSTEM_CALL), "and it happened in the step just shown");
        // step 2: the instruction last retired is the one at sys_write
        r.show(1);
        long sysWrite = r.program(1).symbol("sys_write");
        assertEquals(sysWrite, lastRetiredEip(r.playback(1), r.position(1).event()));
        // step 3: after 4,200 instructions
        assertEquals(4199, r.position(2).instruction());
        // step 4: the end of the run
        assertTrue(r.show(3).position().atEnd());
        assertEquals(r.position(3).event(), r.playback(3).trace().size());
    }

    private static long lastRetiredEip(Playback p, long position) {
        for (long i = position - 1; i >= 0; i--) {
            if (p.trace().get(i) instanceof Event.InstructionRetired ir) {
                return ir.eip() & 0xFFFF_FFFFL;
            }
        }
        return -1;
    }

    @Test
    void resolvingAgainAndJumpingBackGiveTheSamePositions() throws Exception {
        Lesson l = lesson("\"runTo\": {\"event\": \"ringTransition\"}", "\"runTo\": {\"label\": \"user_main\"}",
                "\"runTo\": {\"event\": \"systemCall\"}");
        ResolvedLesson first = new LessonResolver().resolve(l);
        ResolvedLesson again = new LessonResolver().resolve(l);
        assertEquals(first.positions(), again.positions());
        long instructionOfStep1 = first.position(0).instruction();
        first.show(2);
        assertEquals(instructionOfStep1, first.show(0).position().instruction(), "back to step 1 after step 3");
    }

    @Test
    void theCountOfAnEventKindCounts() throws Exception {
        // hello.asm crosses rings four times: iretd, int 0x80, iretd, int 0x80
        ResolvedLesson r = new LessonResolver().resolve(lesson("\"runTo\": {\"event\": \"ringTransition\", \"count\": 4}"));
        assertEquals(4, r.show(0).view().count(EventKind.RING_TRANSITION));
        assertEquals("test.json: step 1 ('s1'): the run ended after 4,507 instructions before the 5th ringTransition "
                + "after the previous step's point", notReached(lesson("\"runTo\": {\"event\": \"ringTransition\", \"count\": 5}"),
                LessonResolver.DEFAULT_MAX_INSTRUCTIONS_PER_STEP));
    }

    @Test
    void aPointNeverReachedNamesTheStepAndWhy() throws Exception {
        assertEquals("test.json: step 2 ('s2'): the run ended after 4,507 instructions before the next vmExit",
                notReached(lesson("\"runTo\": {\"event\": \"systemCall\"}", "\"runTo\": {\"event\": \"vmExit\"}"),
                        LessonResolver.DEFAULT_MAX_INSTRUCTIONS_PER_STEP));
        assertEquals("test.json: step 1 ('s1'): label sys_exit is not reached within 1,000 instructions of the previous "
                + "step's point", notReached(lesson("\"runTo\": {\"label\": \"sys_exit\"}"), 1000));
        assertTrue(notReached(lesson("\"runTo\": {\"instruction\": 9000}"), LessonResolver.DEFAULT_MAX_INSTRUCTIONS_PER_STEP)
                .startsWith("test.json: step 1 ('s1'): the run ended after 4,507 instructions before instruction 9,000"));
        assertTrue(notReached(lesson("\"runTo\": {\"instruction\": 4000}", "\"runTo\": {\"instruction\": 3000}"),
                LessonResolver.DEFAULT_MAX_INSTRUCTIONS_PER_STEP).contains("is before the previous step's point"));
    }

    @Test
    void aLabelOrAddressNotInTheProgramIsABadFile() throws Exception {
        LessonException e = assertThrows(LessonException.class, () -> new LessonResolver().resolve(
                lesson("\"runTo\": {\"label\": \"no_such_label\"}", "\"runTo\": {\"event\": \"systemCall\"}, "
                        + "\"highlight\": [\"code nor_this\", \"code 0xFFFFF000\"]")));
        assertEquals(LessonException.Kind.BAD_FILE, e.kind());
        assertEquals(3, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).matches("test\\.json:1:\\d+: field 'steps\\[0]\\.runTo\\.label': expected a label "
                + "of hello\\.asm, found 'no_such_label'"), e.problems().get(0));
    }

    @Test
    void aStepThatSwitchesTechniqueRunsInItsOwnRun() throws Exception {
        ResolvedLesson r = new LessonResolver().resolve(lesson("\"runTo\": {\"event\": \"systemCall\"}",
                "\"runTo\": {\"event\": \"hypercall\"}, \"technique\": \"paravirtual\"",
                "\"runTo\": {\"event\": \"systemCall\"}"));
        assertEquals(List.of(Technique.NATIVE, Technique.PARAVIRTUAL, Technique.NATIVE),
                r.positions().stream().map(StepPosition::technique).toList());
        assertEquals(1, r.show(1).view().count(EventKind.HYPERCALL));
        assertEquals(2, r.show(2).view().count(EventKind.SYSTEM_CALL), "step 3 goes on from step 1 in the native run");
    }

    @Test
    void aStepBeginsWhereTheLastStepOfItsSetupEnded() throws Exception {
        ResolvedLesson r = new LessonResolver().resolve(lesson("\"runTo\": {\"event\": \"systemCall\"}",
                "\"runTo\": {\"event\": \"hypercall\"}, \"technique\": \"paravirtual\"",
                "\"runTo\": {\"event\": \"systemCall\"}"));
        assertEquals(0, r.startOf(0), "the first step begins at the start of its run");
        assertEquals(0, r.startOf(1), "so does the first step of another setup");
        assertEquals(r.position(0).event(), r.startOf(2), "step 3 begins where step 1 (the same run) ended");
        assertEquals(1, r.showStart(2).view().count(EventKind.SYSTEM_CALL), "before step 3's own system call");
        assertEquals(Technique.PARAVIRTUAL, r.setup(1).technique());
    }
}
