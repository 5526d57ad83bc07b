package dev.ringscope.vmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.trace.Event;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryTranslationTest {

    @Test
    void kernelCodeRunsFromTranslationsWithInnocuousInstructionsCopied() throws Exception {
        Runs r = Runs.traced("samples/user/hello.asm", Technique.BINARY_TRANSLATION);
        BinaryTranslation bt = (BinaryTranslation) r.vmm();
        Map<Integer, TranslatedBlock> cache = bt.translations();
        assertFalse(cache.isEmpty());
        assertEquals(r.events(Event.BlockTranslated.class).size(), bt.stats().translatedBlocks());
        for (TranslatedBlock b : cache.values()) {
            assertTrue(b.instructions() <= BinaryTranslation.MAX_BLOCK);
            for (TranslatedBlock.Entry e : b.entries()) {
                if (e.kind() == TranslatedBlock.Kind.IDENT && e.bytes().length > 0) {
                    byte[] guest = new byte[e.bytes().length];
                    for (int i = 0; i < guest.length; i++) {
                        guest[i] = (byte) r.machine.memory().read8(e.guestAddress() + i); // identity-mapped kernel
                    }
                    assertArrayEquals(guest, e.bytes(), "IDENT copies the guest's bytes at " + e.guestAddress());
                    assertEquals(e.guestText(), e.translated());
                }
            }
        }
        assertTrue(cache.values().stream().flatMap(b -> b.entries().stream())
                .anyMatch(e -> e.guestText().startsWith("lgdt") && e.kind() == TranslatedBlock.Kind.CALLOUT));
        assertTrue(cache.values().stream().flatMap(b -> b.entries().stream())
                .anyMatch(e -> e.guestText().equals("iretd") && e.kind() == TranslatedBlock.Kind.CALLOUT));
        assertTrue(r.events(Event.InstructionRetired.class).stream().noneMatch(e -> e.cpl() == 0));
        assertEquals(0, bt.stats().traps(), "translated kernel code never traps for its privileged instructions");
        assertTrue(bt.stats().callouts() > 0);
    }

    @Test
    void cliBecomesAStoreToTheVirtualCpu() throws Exception {
        Runs r = Runs.traced("samples/user/tour.asm", Technique.BINARY_TRANSLATION); // its cli() system call
        BinaryTranslation bt = (BinaryTranslation) r.vmm();
        TranslatedBlock.Entry cli = bt.translations().values().stream().flatMap(b -> b.entries().stream())
                .filter(e -> e.guestText().equals("cli")).findFirst().orElseThrow();
        assertEquals(TranslatedBlock.Kind.INLINE, cli.kind());
        assertTrue(cli.translated().contains("vcpu.if"), cli.translated());
    }

    @Test
    void aTaskPriorityStoreTrapsOnceThenBecomesAStoreToTheVirtualApic() throws Exception {
        Runs r = Runs.traced("samples/bench/cr8wr.asm", Technique.BINARY_TRANSLATION);
        BinaryTranslation bt = (BinaryTranslation) r.vmm();
        List<TranslatedBlock.Entry> tpr = bt.translations().values().stream().flatMap(b -> b.entries().stream())
                .filter(e -> e.translated().contains("vcpu.tpr")).toList();
        assertEquals(TranslatedBlock.Kind.INLINE, tpr.get(0).kind());
        // five instructions touch the APIC (the loop's store; the check's two stores and two loads):
        // each traps once, however often it runs
        assertEquals(5, bt.stats().traps(), "one trap per APIC-touching instruction, not per access");
        assertEquals(0, bt.virtualTpr(), "the guest wrote 0 last");
        assertEquals(0, r.machine.apic().tpr(), "the real APIC never saw the guest's writes");
    }

    @Test
    void writingTranslatedCodeInvalidatesItsTranslations() throws Exception {
        Runs r = Runs.traced("samples/user/hello.asm", Technique.BINARY_TRANSLATION);
        BinaryTranslation bt = (BinaryTranslation) r.vmm();
        TranslatedBlock some = bt.translations().values().iterator().next();
        int address = some.entries().get(0).guestAddress();
        long before = bt.stats().invalidations();
        int old = r.machine.memory().read8(address);
        r.machine.memory().write8(address, old); // the same byte: still a write over translated code
        assertEquals(before + 1, bt.stats().invalidations());
        assertNull(bt.translations().get(some.guestAddress()));
        assertNotNull(r.events(Event.TranslationInvalidated.class).get(0).reason());
    }

    @Test
    void pageTableWritesThatKeepTracingAreRetranslatedAsCallouts() throws Exception {
        Runs r = Runs.traced("samples/bench/ptemod.asm", Technique.BINARY_TRANSLATION);
        VmmStats s = r.vmm().stats();
        assertTrue(s.pageTableTraces() > 1000);
        assertTrue(s.traps() < 20, "after the first traces the write is a callout, not a fault: " + s.traps());
    }
}
