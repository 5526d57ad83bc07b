package dev.ringscope.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringscope.asm.Assembler;
import dev.ringscope.asm.MiniOs;
import dev.ringscope.trace.Event;
import dev.ringscope.trace.StopReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole-machine behaviour from tiny flat guests (loaded at 1 MiB, entered at their first byte). */
class MachineTest {

    private static Machine boot(String source, MachineOptions options) throws Exception {
        byte[] image = new Assembler().assemble("guest.asm", "bits 32\norg 0x100000\n" + source).bytes();
        Machine m = new Machine(options);
        m.boot(image);
        return m;
    }

    private static Machine boot(String source) throws Exception {
        return boot(source, MachineOptions.defaults());
    }

    @Test
    void debugExitStopsWithTheValueWritten() throws Exception {
        Machine m = boot("mov al, 42\nout 0xF4, al\nhlt");
        RunResult r = m.run(1000);
        assertEquals(StopReason.EXIT, r.reason());
        assertEquals(42, r.exitValue());
        assertEquals(2, r.instructions());
    }

    @Test
    void hltWithInterruptsOffStopsTheRun() throws Exception {
        Machine m = boot("cli\nhlt");
        RunResult r = m.run(1000);
        assertEquals(StopReason.HALTED, r.reason());
        assertTrue(r.message().contains("interrupts disabled"), r.message());
    }

    @Test
    void consoleCollectsTheUartAndTheDebugPort() throws Exception {
        Machine m = boot("""
                mov dx, 0x3F8
                mov al, 'u'
                out dx, al
                mov al, 'e'
                out 0xE9, al
                mov dx, 0x3FD
                in al, dx            ; line status: transmitter empty
                out 0xE9, al
                cli
                hlt
                """);
        m.run(1000);
        assertEquals("ue`", m.console());
    }

    @Test
    void aFaultWhileDeliveringADoubleFaultShutsTheMachineDown() throws Exception {
        // an IDT with no entries: int3 -> #GP (beyond the limit) -> #DF -> #GP again: triple fault
        Machine m = boot("lidt [idt]\nint3\nidt: dw 0\ndd 0");
        RunResult r = m.run(1000);
        assertEquals(StopReason.SHUTDOWN, r.reason());
        assertTrue(r.message().startsWith("triple fault"), r.message());
        assertEquals(3, m.counters().exceptionsByName().get("#GP"), "int3's, #GP's own, and the one delivering #DF");
        assertEquals(1, m.counters().exceptionsByName().get("#DF"));
    }

    @Test
    void theLimitStopsARunawayGuest() throws Exception {
        Machine m = boot("spin: jmp spin");
        RunResult r = m.run(12345);
        assertEquals(StopReason.LIMIT, r.reason());
        assertEquals(12345, r.instructions());
        RunResult more = m.run(5);
        assertEquals(12350, more.instructions());
    }

    @Test
    void selfModifyingCodeRunsTheNewBytes() throws Exception {
        Machine m = boot("""
                again:
                    mov byte [patch + 1], 'B'   ; rewrite the immediate of the next mov
                patch:
                    mov al, 'A'
                    out 0xE9, al
                    inc byte [count]
                    cmp byte [count], 2
                    jne again
                    cli
                    hlt
                count: db 0
                """);
        m.run(1000);
        assertEquals("BB", m.console());
    }

    /**
     * SDM Vol. 2A Table 2-1 and Vol. 1 §3.7.5: in 16-bit addressing a BP base defaults to SS, BX, SI and
     * DI to DS. DS here has base 0x1000 and SS base 0, so the same offset reads two different bytes.
     */
    @Test
    void aBpBaseIn16BitAddressingReadsThroughSs() throws Exception {
        Machine m = boot("""
                    lgdt [gdtp]
                    mov ax, 0x18
                    mov ds, ax              ; base 0x1000
                    mov ax, 0x10
                    mov ss, ax              ; flat
                    mov byte [ss:0x9010], 0x11
                    mov byte [ss:0xA010], 0x22
                    mov ebp, 0xFFFF9000     ; the upper half is no part of a 16-bit address
                    mov ebx, 0x00019000
                    mov esi, 0x10
                    mov al, [bp+si]         ; SS:0x9010
                    mov ah, [bx+si]         ; DS:0x9010 = linear 0xA010
                    mov dl, [ds:bp+si]
                    mov dh, [ss:bx+si]
                    mov cl, [bp+si+0x1000]  ; SS:0xA010
                    hlt
                align 8
                gdt:  dq 0, 0x00CF9A000000FFFF, 0x00CF92000000FFFF, 0x00CF92001000FFFF
                gdtp: dw 31
                      dd gdt
                """);
        m.run(100);
        Cpu cpu = m.cpu();
        assertEquals(0x2211, cpu.reg[0] & 0xFFFF, "al from SS, ah from DS");
        assertEquals(0x1122, cpu.reg[2] & 0xFFFF, "the overrides swap them");
        assertEquals(0x22, cpu.reg[1] & 0xFF);
    }

    @Test
    void strictIsaTrapsPopfInRingThree() throws Exception {
        Path popf = Path.of("samples/user/popf.asm");
        Machine native86 = new Machine(MachineOptions.defaults());
        native86.boot(MiniOs.build(popf, Map.of()).bytes());
        native86.run(10_000_000);
        assertTrue(!native86.console().contains("killed"), native86.console());

        Machine strict = new Machine(MachineOptions.defaults().withStrictIsa(true));
        strict.boot(MiniOs.build(popf, Map.of()).bytes());
        strict.run(10_000_000);
        assertTrue(strict.console().contains("killed"), strict.console());
        assertTrue(strict.counters().exceptionsByName().getOrDefault("#GP", 0L) >= 1);
    }

    @Test
    void eventsOfASystemCallNameBothSidesAndTheGate() throws Exception {
        Machine m = new Machine(MachineOptions.defaults());
        m.boot(MiniOs.build(Path.of("samples/user/hello.asm"), Map.of()).bytes());
        List<Event> events = new ArrayList<>();
        m.setEventSink(events::add);
        m.run(10_000_000);
        Event.RingTransition in = events.stream().filter(e -> e instanceof Event.RingTransition)
                .map(e -> (Event.RingTransition) e).filter(t -> t.label().equals("int 0x80")).findFirst().orElseThrow();
        assertEquals(3, in.fromRing());
        assertEquals(0, in.toRing());
        assertEquals(dev.ringscope.trace.Party.GUEST_USER, in.from());
        assertEquals(dev.ringscope.trace.Party.GUEST_KERNEL, in.to());
        assertEquals(0x80, in.vector());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i, events.get(i).seq(), "sequence numbers are consecutive");
        }
        assertTrue(events.get(events.size() - 1) instanceof Event.RunEnded);
        assertEquals(m.instructions(), events.stream().filter(e -> e instanceof Event.InstructionRetired).count());
    }

    @Test
    void theTrapFlagRaisesADebugTrapAfterEachInstruction() throws Exception {
        // an IDT whose #DB gate counts steps in ebx, then clears TF in the pushed EFLAGS after three
        Machine m = boot("""
                    lidt [idtr]
                    mov esp, 0x200000
                    xor ebx, ebx
                    pushfd
                    or dword [esp], 0x100      ; TF
                    popfd                      ; the trap comes after the instruction that follows
                    nop
                    nop
                    nop
                    nop
                    mov al, bl
                    add al, '0'
                    out 0xE9, al
                    cli
                    hlt
                debug:
                    inc ebx
                    cmp ebx, 3
                    jb .back
                    and dword [esp + 8], ~0x100
                .back:
                    iretd
                align 8
                idt:
                    dq 0
                    dw debug - 0x100000 + 0x0000, 0x10
                    db 0, 0x8E
                    dw 0x10
                idtr: dw idt_end - idt - 1
                    dd idt
                idt_end:
                """);
        m.run(1000);
        assertEquals("3", m.console());
        assertEquals(3, m.counters().exceptionsByName().get("#DB"));
    }

    @Test
    void bootRejectsImagesThatDoNotFit() {
        Machine m = new Machine(MachineOptions.defaults());
        assertThrows(BootException.class, () -> m.boot(new byte[0]));
        byte[] huge = new byte[MachineOptions.DEFAULT_MEMORY];
        BootException e = assertThrows(BootException.class, () -> m.boot(huge));
        assertTrue(e.getMessage().contains("MiB"), e.getMessage());
    }

    @Test
    void codeMappedAtTwoLinearAddressesRunsAtEach() throws Exception {
        // one physical page of code mapped at 1 MiB (identity) and again at 5 MiB: decoded branch targets
        // are linear, so what was decoded at one address must not be run at the other. The function
        // reports where it ran (a call's return address) and the relative jump inside it must stay there
        Machine m = boot(FlatGuests.PAGING_4MIB + """
                    mov ecx, 3
                again:
                    call where                  ; through the identity mapping
                    mov esi, ebx
                    call where + 0x400000       ; the same bytes through the alias
                    mov edi, ebx
                    dec ecx
                    jnz again
                    cli
                    hlt
                where:
                    jmp .there                  ; a relative jump: its target depends on where it runs
                    nop
                .there:
                    call .here
                .here:
                    pop ebx                     ; EIP of .here, as run
                    ret
                align 4096
                pd: dd 0x83, 0x83               ; 0-4 MiB identity; 4-8 MiB maps the same frames
                    times 1022 dd 0
                """);
        RunResult r = m.run(10_000);
        assertEquals(StopReason.HALTED, r.reason(), r.message());
        int here = m.cpu().reg[6];
        assertEquals(here + 0x400000, m.cpu().reg[7], "the alias ran at the alias");
    }
}
