package dev.ringscope.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ringscope.asm.Assembler;
import dev.ringscope.testing.Expectations;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LOCK and prefix rules where QEMU 7.2 (the conformance suite's reference) does not follow the SDM;
 * the cases where both agree are in the conformance guest prefixes.asm.
 */
class PrefixRulesTest {

    static final Path GUEST = Path.of("src/test/resources/guests/lock_sdm.asm");

    @ParameterizedTest(name = "compile blocks: {0}")
    @ValueSource(booleans = {false, true})
    void lockOutsideTheReadModifyWriteFormsIsUndefinedAsTheSdmSays(boolean compile) throws Exception {
        Machine machine = new Machine(MachineOptions.defaults().withCompileBlocks(compile));
        machine.boot(new Assembler().assembleFile(GUEST).bytes());
        RunResult result = machine.run(10_000_000);
        assertEquals(Expectations.of(GUEST), machine.console(), result.message());
    }

    @Test
    void theUndefinedOpcodeSaysWhyLockIsWrongAndTheOverlongOneIsAGeneralProtectionFault() throws Exception {
        byte[] code = new Assembler().assemble("t.asm", """
                bits 32
                org 0x100000
                db 0xF0, 0x90
                times 15 db 0x3E
                nop
                """).bytes();
        Machine machine = new Machine(MachineOptions.defaults());
        machine.boot(new Assembler().assembleFile(GUEST).bytes());
        machine.memory().load(0x150000, code, 0, code.length);
        CpuFault ud = assertFault(machine, 0x150000);
        assertEquals(CpuFault.UD, ud.vector());
        assertEquals("lock prefix on nop: LOCK is only for read-modify-write instructions with a memory destination",
                ud.reason());
        CpuFault gp = assertFault(machine, 0x150002);
        assertEquals(CpuFault.GP, gp.vector());
        assertEquals(0, gp.errorCode());
        assertTrue(gp.reason().contains("15 bytes"), gp.reason());
    }

    private static CpuFault assertFault(Machine machine, int eip) {
        try {
            machine.executeDirect(eip);
        } catch (CpuFault f) {
            return f;
        }
        return fail("no fault at 0x" + Integer.toHexString(eip));
    }
}
