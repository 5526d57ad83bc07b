; lock_sdm.asm - LOCK where QEMU 7.2 and the SDM disagree: the SDM wins here (see LockRule).
; SDM Vol. 2A §3.2 "LOCK—Assert LOCK# Signal Prefix": #UD if LOCK is used with an instruction
; not in its list (MOV, TEST, LEA, MOVS, …) or when the destination is not memory (XCHG with two
; registers). QEMU 7.2's TCG checks LOCK only on NOP and the arithmetic forms and runs these;
; QEMU's new decoder (QEMU 9) raises #UD as the SDM says. Not a conformance guest: it is not
; compared with QEMU, only with these expectations (PrefixRulesTest).
%include "../conformance/lib/rt.inc"

MEM equ RT_SCRATCH
%define D32(x) ((x) & 0xFF), (((x) >> 8) & 0xFF), (((x) >> 16) & 0xFF), (((x) >> 24) & 0xFF)

main:
        TRY 3, "r3 lock mov [mem], eax", db 0xF0, 0x89, 0x05, D32(MEM)
        TRY 3, "r3 lock mov eax, [mem]", db 0xF0, 0x8B, 0x05, D32(MEM)
        TRY 3, "r3 lock test [mem], eax", db 0xF0, 0x85, 0x05, D32(MEM)
        TRY 3, "r3 lock lea eax, [mem]", db 0xF0, 0x8D, 0x05, D32(MEM)
        TRY 3, "r3 lock xchg eax, ebx", db 0xF0, 0x87, 0xD8
        TRY 3, "r3 lock xchg eax, ecx (91)", db 0xF0, 0x91
        TRY 3, "r3 lock push dword [mem]", db 0xF0, 0xFF, 0x35, D32(MEM)
        TRY 3, "r3 lock shl dword [mem], 1", db 0xF0, 0xD1, 0x25, D32(MEM)
        mov esi, MEM
        mov edi, MEM + 16
        mov ecx, 1
        TRY 3, "r3 lock movsb", db 0xF0, 0xA4
        mov esi, MEM
        mov edi, MEM + 16
        mov ecx, 1
        TRY 3, "r3 lock rep movsb", db 0xF0, 0xF3, 0xA4
        TRY 0, "lock cli", db 0xF0, 0xFA
        TRY 0, "lock mov eax, cr0", db 0xF0, 0x0F, 0x20, 0xC0
        ; the legal forms still run
        mov dword [MEM], 1
        TRY 3, "r3 lock xchg eax, [mem]", lock xchg eax, [MEM]
        TRY 3, "r3 lock not byte [mem]", lock not byte [MEM]
        DONE

; expect: r3 lock mov [mem], eax: #UD eip=insn
; expect: r3 lock mov eax, [mem]: #UD eip=insn
; expect: r3 lock test [mem], eax: #UD eip=insn
; expect: r3 lock lea eax, [mem]: #UD eip=insn
; expect: r3 lock xchg eax, ebx: #UD eip=insn
; expect: r3 lock xchg eax, ecx (91): #UD eip=insn
; expect: r3 lock push dword [mem]: #UD eip=insn
; expect: r3 lock shl dword [mem], 1: #UD eip=insn
; expect: r3 lock movsb: #UD eip=insn
; expect: r3 lock rep movsb: #UD eip=insn
; expect: lock cli: #UD eip=insn
; expect: lock mov eax, cr0: #UD eip=insn
; expect: r3 lock xchg eax, [mem]: ok
; expect: r3 lock not byte [mem]: ok
