; int_gates.asm - software interrupts and the gate's DPL; not-present gates.
; SDM Vol. 3A 6.12.1.1 "Protection of exception- and interrupt-handler procedures":
; `int n`, `int3` from CPL > gate DPL raise #GP with error code n*8+2 (IDT bit set, EXT 0);
; exceptions and hardware interrupts ignore the gate DPL. SDM 6.11/6.13: a not-present
; gate gives #NP(n*8+2); a vector beyond the IDT limit gives #GP(n*8+2).
; Why it matters: gate DPL is how a kernel (or Xen, with DPL 1 on 0x82) decides which
; vectors user code may call - the system-call door - while keeping the rest shut.
; Software interrupts are traps: the handler sees the EIP after `int n`.
%include "lib/rt.inc"

main:
        TRY 3, "r3 int 0x81, DPL 0 gate", int 0x81
        TRY 3, "r3 int 0x40, DPL 0 gate", int 0x40
        TRY 1, "r1 int 0x81, DPL 0 gate", int 0x81
        TRY 0, "r0 int 0x81, DPL 0 gate", int 0x81
        PUTS "  vector=", 0
        HEX [rt_vector], 2
        NL
        SET_GATE 0x81, 0xEE                     ; now DPL 3
        TRY 3, "r3 int 0x81, DPL 3 gate", int 0x81
        SHOW "  vector", [rt_vector], 2
        SHOW "cs", [rt_frame_cs], 4
        SHOW "ss", [rt_frame_ss], 4
        NL
        SET_GATE 0x81, 0xAE                     ; DPL 1
        TRY 1, "r1 int 0x81, DPL 1 gate", int 0x81
        SHOW "  vector", [rt_vector], 2
        NL
        TRY 3, "r3 int 0x81, DPL 1 gate", int 0x81
        ; int3 (CC) and int 3 (CD 03): the same DPL check; a trap (EIP after)
        TRY 3, "r3 int3, DPL 0 gate", int3
        TRY 0, "r0 int3, DPL 0 gate", int3
        SET_GATE 3, 0xEE
        TRY 3, "r3 int3, DPL 3 gate", int3
        TRY 3, "r3 int 3, DPL 3 gate", int 3
        ; an exception ignores the DPL of its gate: ud2 in ring 3 reaches the DPL 0 gate
        TRY 3, "r3 ud2, DPL 0 gate", ud2
        ; a not-present gate: #NP(n*8+2), also from ring 0
        SET_GATE 0x90, 0x6E                     ; P=0 (DPL 3)
        TRY 0, "r0 int 0x90, gate not present", int 0x90
        TRY 3, "r3 int 0x90, gate not present", int 0x90
        ; a vector beyond the IDT limit: #GP(n*8+2)
        mov word [rt_idtr], 0x50 * 8 - 1
        lidt [rt_idtr]
        TRY 0, "r0 int 0x50, beyond the IDT limit", int 0x50
        TRY 0, "r0 int 0x4F, the last gate", int 0x4F
        mov word [rt_idtr], 256 * 8 - 1
        lidt [rt_idtr]
        ; a trap gate keeps IF, an interrupt gate clears it (6.12.1.3)
        mov dword [rt_user_eflags], 0x202
        SET_GATE 0x81, 0xEF                     ; trap gate, DPL 3
        TRY 3, "r3 int 0x81, trap gate", int 0x81
        SHOW "  frame IF", [rt_frame_eflags], 8
        SHOW "handler", [rt_handler_eflags], 8
        NL
        SET_GATE 0x81, 0xEE                     ; interrupt gate, DPL 3
        TRY 3, "r3 int 0x81, interrupt gate", int 0x81
        SHOW "  frame IF", [rt_frame_eflags], 8
        SHOW "handler", [rt_handler_eflags], 8
        NL
        DONE

; expect: r3 int 0x81, DPL 0 gate: #GP(040A) eip=insn
; expect: r3 int 0x40, DPL 0 gate: #GP(0202) eip=insn
; expect: r1 int 0x81, DPL 0 gate: #GP(040A) eip=insn
; expect: r0 int 0x81, DPL 0 gate: #81 eip=next
; expect:   vector=81
; expect: r3 int 0x81, DPL 3 gate: #81 eip=next
; expect:   vector=81 cs=001B ss=0023 
; expect: r1 int 0x81, DPL 1 gate: #81 eip=next
; expect:   vector=81 
; expect: r3 int 0x81, DPL 1 gate: #GP(040A) eip=insn
; expect: r3 int3, DPL 0 gate: #GP(001A) eip=insn
; expect: r0 int3, DPL 0 gate: #BP eip=next
; expect: r3 int3, DPL 3 gate: #BP eip=next
; expect: r3 int 3, DPL 3 gate: #BP eip=next
; expect: r3 ud2, DPL 0 gate: #UD eip=insn
; expect: r0 int 0x90, gate not present: #NP(0482) eip=insn
; expect: r3 int 0x90, gate not present: #NP(0482) eip=insn
; expect: r0 int 0x50, beyond the IDT limit: #GP(0282) eip=insn
; expect: r0 int 0x4F, the last gate: #4F eip=next
; expect: r3 int 0x81, trap gate: #81 eip=next
; expect:   frame IF=00000202 handler=00000202 
; expect: r3 int 0x81, interrupt gate: #81 eip=next
; expect:   frame IF=00000202 handler=00000002 
