; exceptions.asm - #UD, #DE, #BP and which EIP each pushes.
; SDM Vol. 3A 6.5 "Exception classifications": a fault pushes the address of the faulting
; instruction (so it can be restarted), a trap the address of the next one. 6.15: #DE
; (divide error: divisor 0 or quotient too large, incl. idiv -2^31/-1) and #UD (ud2,
; undefined opcodes, mov to CS) are faults without an error code; #BP (int3) is a trap.
; Why it matters: a VMM or debugger resumes a guest from the pushed EIP; getting fault
; vs trap wrong re-executes or skips an instruction.
%include "lib/rt.inc"

main:
        TRY 0, "ud2", ud2
        TRY 3, "r3 ud2", ud2
        TRY 0, "0F FF (ud0)", db 0x0F, 0xFF, 0xC0
        TRY 0, "FE /7", db 0xFE, 0xF8
        TRY 0, "FF /7", db 0xFF, 0xF8
        TRY 0, "mov cs, ax", db 0x8E, 0xC8
        TRY 0, "lea eax, ecx (register operand)", db 0x8D, 0xC1
        TRY 0, "lgdt eax (register operand)", db 0x0F, 0x01, 0xD0
        ; #DE
        mov ecx, 0
        TRY 0, "div ecx (0)", div ecx
        mov edx, 1
        mov ecx, 1
        TRY 0, "div ecx (quotient > 32 bits)", div ecx
        mov edx, 0
        mov eax, 7
        mov ecx, 2
        TRY 0, "div ecx (7/2)", div ecx
        SHOW "  q", [rt_eax], 8
        SHOW "r", [rt_edx], 8
        NL
        mov eax, 0x80000000
        cdq
        mov ecx, -1
        TRY 0, "idiv ecx (-2^31 / -1)", idiv ecx
        mov eax, 0x80000001
        cdq
        mov ecx, -1
        TRY 3, "r3 idiv ecx (-2^31+1 / -1)", idiv ecx
        SHOW "  q", [rt_eax], 8
        NL
        mov ax, 0x0100
        mov bl, 1
        TRY 0, "div bl (0x100 / 1)", div bl
        mov ax, 0x8000
        mov bl, -1
        TRY 0, "idiv bl (-32768 / -1)", idiv bl
        mov ax, 0xFF80
        mov bl, -1
        TRY 0, "idiv bl (-128 / -1)", idiv bl
        mov ax, 0xFF81
        mov bl, -1
        TRY 0, "idiv bl (-127 / -1)", idiv bl
        SHOW "  ax", [rt_eax], 4
        NL
        mov dx, 0
        mov ax, 0
        mov bx, 0
        TRY 3, "r3 div bx (0)", div bx
        ; #BP and int n are traps
        SET_GATE 3, 0xEE
        TRY 3, "r3 int3", int3
        TRY 0, "int 0 (software, vector 0)", int 0
        TRY 0, "int 6 (software, vector 6)", int 6
        DONE

; expect: ud2: #UD eip=insn
; expect: r3 ud2: #UD eip=insn
; expect: 0F FF (ud0): #UD eip=insn
; expect: FE /7: #UD eip=insn
; expect: FF /7: #UD eip=insn
; expect: mov cs, ax: #UD eip=insn
; expect: lea eax, ecx (register operand): #UD eip=insn
; expect: lgdt eax (register operand): #UD eip=insn
; expect: div ecx (0): #DE eip=insn
; expect: div ecx (quotient > 32 bits): #DE eip=insn
; expect: div ecx (7/2): ok
; expect:   q=00000003 r=00000001 
; expect: idiv ecx (-2^31 / -1): #DE eip=insn
; expect: r3 idiv ecx (-2^31+1 / -1): ok
; expect:   q=7FFFFFFF 
; expect: div bl (0x100 / 1): #DE eip=insn
; expect: idiv bl (-32768 / -1): #DE eip=insn
; expect: idiv bl (-128 / -1): #DE eip=insn
; expect: idiv bl (-127 / -1): ok
; expect:   ax=007F 
; expect: r3 div bx (0): #DE eip=insn
; expect: r3 int3: #BP eip=next
; expect: int 0 (software, vector 0): #DE eip=next
; expect: int 6 (software, vector 6): #UD eip=next
