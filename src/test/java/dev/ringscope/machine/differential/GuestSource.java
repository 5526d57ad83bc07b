package dev.ringscope.machine.differential;

import dev.ringscope.machine.differential.Sequence.Step;
import java.util.List;

/**
 * Writes the Multiboot guest that runs sequences and prints their outcome on port 0xE9, in NASM
 * syntax that RingScope's assembler and NASM turn into the same bytes.
 *
 * <p>Each sequence: fill 1 KiB of "pristine" memory from its seed (and pokes), then {@link #RUNS}
 * times: copy it to the scratch memory, load EFLAGS and the eight registers, run the instructions,
 * save the registers and flags and, after the first and the last run, print one line:
 * <pre>17.1 eax=... ecx=... edx=... ebx=... esp=... ebp=... esi=... edi=... fl=... mem=... stk=... [fault=0@eip]</pre>
 * ({@code mem}, {@code stk}: checksums of the lower and upper half of the scratch memory; {@code fault}:
 * the vector of an exception and the EIP it pushed; the handler skips the rest of the sequence). The
 * same run repeated is there for RingScope's block compiler: a block is compiled after it ran 50
 * times, so the first run is interpreted and the last one compiled, and both must print what QEMU does.
 */
public final class GuestSource {

    /** Runs of each sequence: more than {@code BlockCompiler.THRESHOLD} (50), so the last one runs compiled. */
    public static final int RUNS = 53;

    /** The scratch memory (1 KiB): data in the lower half, the sequences' stack in the upper. */
    public static final int REGION = 0x300000;
    static final int PRISTINE = 0x301000;
    static final int IDT = 0x302000;
    static final int OWN_STACK = 0x310000;

    /** Vectors whose exceptions push an error code (SDM Vol. 3A Table 6-1). */
    private static final List<Integer> WITH_ERROR_CODE = List.of(8, 10, 11, 12, 13, 14, 17);

    private GuestSource() {
    }

    public static String of(List<Sequence> sequences) {
        StringBuilder s = new StringBuilder(PRELUDE.replace("@REGION@", hex(REGION)).replace("@PRISTINE@", hex(PRISTINE))
                .replace("@IDT@", hex(IDT)).replace("@OWN_STACK@", hex(OWN_STACK)).replace("@RUNS@", Integer.toString(RUNS)));
        for (Sequence q : sequences) {
            sequence(s, q);
        }
        s.append(EPILOGUE);
        stubs(s);
        return s.toString();
    }

    private static void sequence(StringBuilder s, Sequence q) {
        String p = "s" + q.index();
        int[] regs = q.initial().registers();
        s.append("\n; ---- sequence ").append(q.index()).append(" ----\n");
        s.append(p).append(":\n");
        s.append("        mov dword [seqno], ").append(q.index()).append('\n');
        s.append("        mov eax, ").append(hex(q.initial().memorySeed())).append('\n');
        s.append("        call fill\n");
        for (int[] poke : q.initial().pokes()) {
            s.append("        mov dword [PRISTINE+").append(poke[0]).append("], ").append(hex(poke[1])).append('\n');
        }
        s.append("        mov dword [run], RUNS\n");
        s.append(p).append("_again:\n");
        s.append("        call restore\n");
        s.append("        mov dword [fault_vec], -1\n");
        s.append("        mov dword [resume], ").append(p).append("_done\n");
        s.append("        push dword ").append(hex(q.initial().eflags())).append('\n');
        s.append("        popfd\n");
        for (int i : new int[] {0, 1, 2, 3, 5, 6, 7, 4}) {
            s.append("        mov ").append(Sequence.REGISTERS.get(i)).append(", ").append(hex(regs[i])).append('\n');
        }
        for (Step step : q.steps()) {
            if (step.isLabel()) {
                s.append(step.label()).append(":\n");
            } else {
                for (String line : step.lines()) {
                    s.append("        ").append(line).append('\n');
                }
            }
        }
        s.append(p).append("_done:\n");
        s.append("        call save\n");
        s.append("        dec dword [run]\n");
        s.append("        jnz ").append(p).append("_again\n");
    }

    private static void stubs(StringBuilder s) {
        s.append("\n; one 32-byte stub per vector: note the vector, drop the error code; flags untouched\n");
        s.append("        align 32\nstubs:\n");
        for (int v = 0; v < 32; v++) {
            s.append("        mov dword [fault_vec], ").append(v).append('\n');
            if (WITH_ERROR_CODE.contains(v)) {
                s.append("        lea esp, [esp+4]\n");
            }
            s.append("        jmp fault\n        align 32\n");
        }
    }

    static String hex(int v) {
        return SequenceGenerator.hex(v);
    }

    private static final String PRELUDE = """
            ; A differential test guest (generated): random instruction sequences, their outcome on port 0xE9.
                    bits 32
                    org 0x100000

            REGION    equ @REGION@
            PRISTINE  equ @PRISTINE@
            IDT       equ @IDT@
            OWN_STACK equ @OWN_STACK@
            RUNS      equ @RUNS@

            mb_header:                              ; Multiboot 0.6.96 3.1, a.out kludge: load the file at 1 MiB
                    dd 0x1BADB002
                    dd 0x00010000
                    dd -(0x1BADB002 + 0x00010000)
                    dd mb_header
                    dd 0x100000
                    dd 0
                    dd 0
                    dd start

                    align 8
            gdt:    dq 0
                    dq 0x00CF9A000000FFFF           ; 0x08 code, flat, DPL 0
                    dq 0x00CF92000000FFFF           ; 0x10 data, flat, DPL 0
                    dw 0xFFFF, REGION & 0xFFFF      ; 0x18 data at the scratch memory, byte limit 0xFFFFF: what
                    db (REGION >> 16) & 0xFF, 0x92  ; 16-bit addresses (0x67) reach through an override or a load
                    db 0x4F, REGION >> 24
            gdt_end:
            gdtr:   dw gdt_end - gdt - 1
                    dd gdt
            idtr:   dw 32 * 8 - 1
                    dd IDT

            start:
                    cli
                    lgdt [gdtr]
                    jmp 0x08:.cs
            .cs:    mov ax, 0x10
                    mov ds, ax
                    mov es, ax
                    mov fs, ax
                    mov gs, ax
                    mov ss, ax
                    mov esp, OWN_STACK
                    mov al, 0x11                    ; 8259As: vectors 0x20/0x28, every line masked
                    out 0x20, al
                    out 0xA0, al
                    mov al, 0x20
                    out 0x21, al
                    mov al, 0x28
                    out 0xA1, al
                    mov al, 4
                    out 0x21, al
                    mov al, 2
                    out 0xA1, al
                    mov al, 1
                    out 0x21, al
                    out 0xA1, al
                    mov al, 0xFF
                    out 0x21, al
                    out 0xA1, al
                    xor ecx, ecx                    ; IDT: vectors 0-31, interrupt gates to the stubs
            .gate:  mov eax, ecx
                    shl eax, 5
                    add eax, stubs
                    mov edx, eax
                    and eax, 0xFFFF
                    or eax, 0x00080000
                    mov [IDT + ecx * 8], eax
                    and edx, 0xFFFF0000
                    or edx, 0x8E00
                    mov [IDT + ecx * 8 + 4], edx
                    inc ecx
                    cmp ecx, 32
                    jb .gate
                    lidt [idtr]
                    sti                             ; nothing can interrupt: every line is masked
                    jmp first

            ; fill: PRISTINE = 256 dwords of xorshift32 from the seed in EAX (not 0)
            fill:   mov edi, PRISTINE
                    mov ecx, 256
            .next:  mov edx, eax
                    shl edx, 13
                    xor eax, edx
                    mov edx, eax
                    shr edx, 17
                    xor eax, edx
                    mov edx, eax
                    shl edx, 5
                    xor eax, edx
                    mov [edi], eax
                    add edi, 4
                    dec ecx
                    jnz .next
                    ret

            ; restore: the scratch memory = PRISTINE
            restore:
                    cld
                    mov esi, PRISTINE
                    mov edi, REGION
                    mov ecx, 256
                    rep movsd
                    ret

            ; fault: an exception in a sequence; the stub noted the vector. Note the EIP it pushed, leave
            ; the registers and the flags as the fault found them, clear the frame (its EFLAGS image is
            ; not what is compared) and go on where the sequence ends.
            fault:  pop dword [fault_eip]
                    lea esp, [esp + 8]
                    mov dword [esp - 4], 0
                    mov dword [esp - 8], 0
                    mov dword [esp - 12], 0
                    mov dword [esp - 16], 0
                    jmp [resume]

            ; save: keep the registers and flags the sequence left (called with its ESP: the return
            ; address lands below it, in memory no instruction reads again), print them after the
            ; first and the last run
            save:   mov [r_eax], eax
                    mov [r_ecx], ecx
                    mov [r_edx], edx
                    mov [r_ebx], ebx
                    mov [r_ebp], ebp
                    mov [r_esi], esi
                    mov [r_edi], edi
                    pushfd
                    pop dword [r_flags]
                    pop dword [ret_to]
                    mov [r_esp], esp
                    mov esp, OWN_STACK
                    push dword [ret_to]
                    cld
                    mov eax, [run]
                    cmp eax, RUNS
                    je .print
                    cmp eax, 1
                    jne .done
            .print: mov eax, [seqno]
                    call dec32
                    mov al, '.'
                    out 0xE9, al
                    mov eax, RUNS + 1
                    sub eax, [run]
                    call dec32
                    mov esi, names
                    mov ebx, r_eax
                    mov ecx, 9
            .reg:   call puts
                    mov eax, [ebx]
                    call hex32
                    add ebx, 4
                    dec ecx
                    jnz .reg
                    call puts                       ; " mem="
                    mov eax, REGION
                    call checksum
                    call hex32
                    call puts                       ; " stk="
                    mov eax, REGION + 512
                    call checksum
                    call hex32
                    cmp dword [fault_vec], -1
                    je .nl
                    call puts                       ; " fault="
                    mov eax, [fault_vec]
                    call dec32
                    mov al, '@'
                    out 0xE9, al
                    mov eax, [fault_eip]
                    call hex32
            .nl:    mov al, 10
                    out 0xE9, al
            .done:  ret

            ; checksum: EAX = a hash of the 128 dwords at EAX (position-dependent)
            checksum:
                    push esi
                    push ecx
                    mov esi, eax
                    mov ecx, 128
                    mov eax, 0x811C9DC5
            .next:  imul eax, eax, 0x01000193
                    add eax, [esi]
                    add esi, 4
                    dec ecx
                    jnz .next
                    pop ecx
                    pop esi
                    ret

            ; puts: print the string at ESI; ESI moves past its 0
            puts:   push eax
            .next:  mov al, [esi]
                    inc esi
                    test al, al
                    jz .end
                    out 0xE9, al
                    jmp .next
            .end:   pop eax
                    ret

            ; hex32: print EAX as 8 hex digits
            hex32:  push ecx
                    push edx
                    mov edx, eax
                    mov ecx, 8
            .next:  rol edx, 4
                    mov eax, edx
                    and eax, 0xF
                    mov al, [hexdigits + eax]
                    out 0xE9, al
                    dec ecx
                    jnz .next
                    pop edx
                    pop ecx
                    ret

            ; dec32: print EAX (unsigned) in decimal
            dec32:  push ebx
                    push ecx
                    push edx
                    mov ebx, 10
                    xor ecx, ecx
            .div:   xor edx, edx
                    div ebx
                    push edx
                    inc ecx
                    test eax, eax
                    jnz .div
            .out:   pop eax
                    add al, '0'
                    out 0xE9, al
                    dec ecx
                    jnz .out
                    pop edx
                    pop ecx
                    pop ebx
                    ret

            hexdigits: db "0123456789abcdef"
            names:  db " eax=", 0, " ecx=", 0, " edx=", 0, " ebx=", 0, " esp=", 0, " ebp=", 0, " esi=", 0, " edi=", 0
                    db " fl=", 0, " mem=", 0, " stk=", 0, " fault=", 0
                    align 4
            r_eax:  dd 0
            r_ecx:  dd 0
            r_edx:  dd 0
            r_ebx:  dd 0
            r_esp:  dd 0
            r_ebp:  dd 0
            r_esi:  dd 0
            r_edi:  dd 0
            r_flags: dd 0
            ret_to: dd 0
            seqno:  dd 0
            run:    dd 0
            resume: dd 0
            fault_vec: dd 0
            fault_eip: dd 0

            first:
            """;

    private static final String EPILOGUE = """

            ; ---- the end: say so, and leave through QEMU's isa-debug-exit ----
                    mov esi, the_end
                    call puts
                    mov al, 0
                    out 0xF4, al
                    cli
                    hlt
            the_end: db "end", 10, 0
            """;
}
