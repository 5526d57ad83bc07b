; no_fpu.asm - x87 instructions on a machine that says it has no FPU.
; SDM Vol. 3A 2.5 and Table 2-2: with CR0.EM = 1 every x87 instruction (escape opcodes D8-DF)
; raises #NM, so a kernel can emulate it; so does CR0.TS = 1 (the lazy FPU switch). WAIT/FWAIT
; raises #NM only when CR0.MP = 1 and CR0.TS = 1, and otherwise just runs. RingScope models no
; FPU (CPUID.01H:EDX.FPU = 0); QEMU has one, so only the cases where CR0 makes the FPU
; unavailable are compared (with EM = 0 and TS = 0 RingScope raises #UD: there is no FPU).
; Why it matters: a student's C program with a float in it stops at its first x87 instruction
; with a fault the kernel can see, not with a crash of the emulator.
%include "lib/rt.inc"

; RingScope's assembler knows no x87 mnemonics (out of scope), so they are written as bytes
%define FLD1 db 0xD9, 0xE8
%define FADD_M db 0xD8, 0x05
%define FNINIT db 0xDB, 0xE3

%macro CR0SET 1
        mov eax, cr0
        and eax, ~(0xE)                 ; MP, EM, TS
        or eax, %1
        mov cr0, eax
%endmacro

main:
        CR0SET 0x4                      ; EM
        TRY 0, "EM=1 fld1", FLD1
        TRY 0, "EM=1 fadd dword [m]", FADD_M, 0x00, 0x00, 0x15, 0x00
        TRY 3, "EM=1 ring 3 fninit", FNINIT
        TRY 0, "EM=1 wait", wait
        CR0SET 0x8                      ; TS
        TRY 0, "TS=1 fld1", FLD1
        TRY 0, "TS=1 MP=0 fwait", fwait
        CR0SET 0xA                      ; MP, TS
        TRY 0, "TS=1 MP=1 wait", wait
        clts
        TRY 0, "after clts, MP=1 wait", wait
        CR0SET 0x4
        DONE

; expect: EM=1 fld1: #NM eip=insn
; expect: EM=1 fadd dword [m]: #NM eip=insn
; expect: EM=1 ring 3 fninit: #NM eip=insn
; expect: EM=1 wait: ok
; expect: TS=1 fld1: #NM eip=insn
; expect: TS=1 MP=0 fwait: ok
; expect: TS=1 MP=1 wait: #NM eip=insn
; expect: after clts, MP=1 wait: ok
