; prefixes.asm - the LOCK prefix, repeated and conflicting prefixes, the 15-byte limit.
; SDM Vol. 2A §3.2 "LOCK—Assert LOCK# Signal Prefix": LOCK is legal only on ADD, ADC, AND,
; BTC, BTR, BTS, CMPXCHG, CMPXCHG8B, DEC, INC, NEG, NOT, OR, SBB, SUB, XOR, XADD, XCHG with a
; memory destination; anything else, or a register destination, raises #UD.
; SDM Vol. 2A §2.1.1: prefixes come in four groups (1: LOCK, REPNE, REP; 2: segment
; overrides; 3: operand size 66; 4: address size 67). More than one of a group is not
; useful; QEMU, the reference machine, lets the last REP/REPNE and the last segment
; override win and treats 66 66 like one 66 (LOCK is a flag of its own).
; SDM Vol. 2A §2.3.11: an instruction of more than 15 bytes raises #GP(0).
%include "lib/rt.inc"

MEM equ RT_SCRATCH
%define D32(x) ((x) & 0xFF), (((x) >> 8) & 0xFF), (((x) >> 16) & 0xFF), (((x) >> 24) & 0xFF)

; PREFIXED count, byte, bytes...: `count` copies of a prefix byte, then the rest
%macro PREFIXED 3+
        times %1 db %2
        db %3
%endmacro

main:
        ; ---- LOCK ----
        TRY 3, "r3 lock nop", db 0xF0, 0x90
        TRY 0, "lock nop", db 0xF0, 0x90
        TRY 3, "r3 lock add eax, ebx", db 0xF0, 0x01, 0xD8
        TRY 3, "r3 lock add eax, [mem]", db 0xF0, 0x03, 0x05, D32(MEM)
        mov dword [MEM], 5
        mov eax, 3
        TRY 3, "r3 lock add [mem], eax", lock add [MEM], eax
        SHOW "  mem", [MEM], 8
        NL
        TRY 3, "r3 lock add dword [mem], 1", lock add dword [MEM], 1
        TRY 3, "r3 lock add eax, 1 (83 /0)", db 0xF0, 0x83, 0xC0, 0x01
        TRY 3, "r3 lock add eax, imm32 (05)", db 0xF0, 0x05, D32(1)
        TRY 3, "r3 lock cmp [mem], eax", db 0xF0, 0x39, 0x05, D32(MEM)
        TRY 3, "r3 lock inc dword [mem]", lock inc dword [MEM]
        TRY 3, "r3 lock inc eax (40)", db 0xF0, 0x40
        TRY 3, "r3 lock inc eax (FF /0)", db 0xF0, 0xFF, 0xC0
        TRY 3, "r3 lock dec byte [mem]", lock dec byte [MEM]
        TRY 3, "r3 lock neg dword [mem]", lock neg dword [MEM]
        TRY 3, "r3 lock not dword [mem]", lock not dword [MEM]
        TRY 3, "r3 lock neg eax", db 0xF0, 0xF7, 0xD8
        TRY 3, "r3 lock or/and/xor/adc/sbb/sub [mem]", lock or [MEM], eax
        TRY 3, "r3 lock and byte [mem], 0x7F", lock and byte [MEM], 0x7F
        TRY 3, "r3 lock xor word [mem], ax", lock xor word [MEM], ax
        TRY 3, "r3 lock adc [mem], eax", lock adc [MEM], eax
        TRY 3, "r3 lock sbb [mem], eax", lock sbb [MEM], eax
        TRY 3, "r3 lock sub [mem], eax", lock sub [MEM], eax
        mov dword [MEM], 0x11111111
        mov eax, 0x22222222
        TRY 3, "r3 lock xchg [mem], eax", lock xchg [MEM], eax
        SHOW "  eax", [rt_eax], 8
        SHOW "mem", [MEM], 8
        NL
        TRY 3, "r3 lock xchg eax, [mem] (87 05)", db 0xF0, 0x87, 0x05, D32(MEM)
        ; (QEMU 7.2 runs LOCK on mov, test, lea, movsb and a register xchg, where the SDM says #UD:
        ; see LockRule and PrefixRulesTest; those cases are not compared here)
        TRY 3, "r3 lock rep add [mem], eax (F0 F3)", db 0xF0, 0xF3, 0x01, 0x05, D32(MEM)
        TRY 3, "r3 rep lock add [mem], eax (F3 F0)", db 0xF3, 0xF0, 0x01, 0x05, D32(MEM)
        TRY 3, "r3 lock lock add [mem], eax", db 0xF0, 0xF0, 0x01, 0x05, D32(MEM)
        TRY 3, "r3 lock ds add [mem], eax", db 0xF0, 0x3E, 0x01, 0x05, D32(MEM)
        ; ---- REP and REPNE: the last one wins ----
        mov dword [MEM], 0x61626161     ; "aaba"
        mov al, 'a'
        mov edi, MEM
        mov ecx, 4
        TRY 0, "repe scasb (F3)", db 0xF3, 0xAE
        SHOW "  ecx", [rt_ecx], 8
        NL
        mov al, 'a'
        mov edi, MEM
        mov ecx, 4
        TRY 0, "repne scasb (F2)", db 0xF2, 0xAE
        SHOW "  ecx", [rt_ecx], 8
        NL
        mov al, 'a'
        mov edi, MEM
        mov ecx, 4
        TRY 0, "F2 F3 scasb", db 0xF2, 0xF3, 0xAE
        SHOW "  ecx", [rt_ecx], 8
        NL
        mov al, 'a'
        mov edi, MEM
        mov ecx, 4
        TRY 0, "F3 F2 scasb", db 0xF3, 0xF2, 0xAE
        SHOW "  ecx", [rt_ecx], 8
        NL
        mov al, 'a'
        mov edi, MEM
        mov ecx, 4
        TRY 0, "F3 F3 scasb", db 0xF3, 0xF3, 0xAE
        SHOW "  ecx", [rt_ecx], 8
        NL
        mov esi, MEM
        mov edi, MEM + 16
        mov ecx, 3
        TRY 0, "F3 F3 movsb", db 0xF3, 0xF3, 0xA4
        SHOW "  ecx", [rt_ecx], 8
        SHOW "edi", [rt_edi], 8
        NL
        ; ---- operand size: 66 66 is one 66 ----
        mov eax, 0xAAAAAAAA
        TRY 0, "66 66 mov ax, 0x1234", db 0x66, 0x66, 0xB8, 0x34, 0x12
        SHOW "  eax", [rt_eax], 8
        NL
        mov eax, 0xAAAAAAAA
        mov dword [MEM], 0x55555555
        TRY 0, "66 66 mov [mem], ax", db 0x66, 0x66, 0x89, 0x05, D32(MEM)
        SHOW "  mem", [MEM], 8
        NL
        ; ---- segment overrides: the last one wins ----
        ; FS: the descriptor at SEL_SMALL_DATA3 made a flat data segment with base 0x1000, so
        ; [MEM] through FS is MEM + 0x1000 (QEMU checks no data segment limits: bases tell)
        mov esi, rt_fs_desc
        mov edi, rt_gdt + (SEL_SMALL_DATA3 & ~7)
        mov ecx, 8
        rep movsb
        mov dword [MEM], 0xAAAAAAAA
        mov dword [MEM + 0x1000], 0xBBBBBBBB
        mov ax, SEL_SMALL_DATA3
        mov fs, ax
        TRY 0, "fs mov eax, [mem]", db 0x64, 0x8B, 0x05, D32(MEM)
        SHOW "  eax", [rt_eax], 8
        NL
        mov ax, SEL_SMALL_DATA3
        mov fs, ax
        TRY 0, "fs ds mov eax, [mem]", db 0x64, 0x3E, 0x8B, 0x05, D32(MEM)
        SHOW "  eax", [rt_eax], 8
        NL
        mov ax, SEL_SMALL_DATA3
        mov fs, ax
        TRY 0, "ds fs mov eax, [mem]", db 0x3E, 0x64, 0x8B, 0x05, D32(MEM)
        SHOW "  eax", [rt_eax], 8
        NL
        mov ax, SEL_SMALL_DATA3
        mov fs, ax
        TRY 0, "fs es ds fs es mov eax, [mem]", db 0x64, 0x26, 0x3E, 0x64, 0x26, 0x8B, 0x05, D32(MEM)
        SHOW "  eax", [rt_eax], 8
        NL
        mov ax, SEL_SMALL_DATA3
        mov fs, ax
        mov eax, 1
        TRY 0, "es fs ds lock add [mem], eax", db 0x26, 0x64, 0x3E, 0xF0, 0x01, 0x05, D32(MEM)
        SHOW "  mem", [MEM], 8
        SHOW "mem+0x1000", [MEM + 0x1000], 8
        NL
        mov dword [MEM], 0xAAAAAAAA
        mov ax, SEL_SMALL_DATA3
        mov fs, ax
        mov esi, MEM
        TRY 0, "ds fs lodsd", db 0x3E, 0x64, 0xAD
        SHOW "  eax", [rt_eax], 8
        NL
        mov ax, SEL_SMALL_DATA3
        mov fs, ax
        mov esi, MEM
        TRY 0, "fs ds lodsd", db 0x64, 0x3E, 0xAD
        SHOW "  eax", [rt_eax], 8
        NL
        ; a segment override on an instruction without a memory operand does nothing
        TRY 0, "cs nop", db 0x2E, 0x90
        TRY 0, "ds mov eax, ebx", db 0x3E, 0x89, 0xD8
        ; ---- the 15-byte limit ----
        TRY 0, "14 prefixes + nop (15 bytes)", PREFIXED 14, 0x3E, 0x90
        TRY 0, "15 prefixes + nop (16 bytes)", PREFIXED 15, 0x3E, 0x90
        TRY 3, "r3 15 prefixes + nop (16 bytes)", PREFIXED 15, 0x66, 0x90
        TRY 0, "9 prefixes + mov eax, [mem] (15 bytes)", PREFIXED 9, 0x3E, 0x8B, 0x05, D32(MEM)
        TRY 0, "10 prefixes + mov eax, [mem] (16 bytes)", PREFIXED 10, 0x3E, 0x8B, 0x05, D32(MEM)
        TRY 0, "5 prefixes + mov dword [mem], imm32 (15 bytes)", PREFIXED 5, 0x3E, 0xC7, 0x05, D32(MEM), D32(0x12345678)
        TRY 0, "6 prefixes + mov dword [mem], imm32 (16 bytes)", PREFIXED 6, 0x3E, 0xC7, 0x05, D32(MEM), D32(0x12345678)
        TRY 0, "lock x15 + add (16 bytes)", PREFIXED 15, 0xF0, 0x01, 0x05, D32(MEM)
        DONE

rt_fs_desc:
        DESC 0x1000, 0xFFFFF, 0xF2, 0xC         ; data, DPL 3, base 0x1000, 4 GiB

; expect: r3 lock nop: #UD eip=insn
; expect: lock nop: #UD eip=insn
; expect: r3 lock add eax, ebx: #UD eip=insn
; expect: r3 lock add eax, [mem]: #UD eip=insn
; expect: r3 lock add [mem], eax: ok
; expect:   mem=00000008 
; expect: r3 lock add dword [mem], 1: ok
; expect: r3 lock add eax, 1 (83 /0): #UD eip=insn
; expect: r3 lock add eax, imm32 (05): #UD eip=insn
; expect: r3 lock cmp [mem], eax: #UD eip=insn
; expect: r3 lock inc dword [mem]: ok
; expect: r3 lock inc eax (40): #UD eip=insn
; expect: r3 lock inc eax (FF /0): #UD eip=insn
; expect: r3 lock dec byte [mem]: ok
; expect: r3 lock neg dword [mem]: ok
; expect: r3 lock not dword [mem]: ok
; expect: r3 lock neg eax: #UD eip=insn
; expect: r3 lock or/and/xor/adc/sbb/sub [mem]: ok
; expect: r3 lock and byte [mem], 0x7F: ok
; expect: r3 lock xor word [mem], ax: ok
; expect: r3 lock adc [mem], eax: ok
; expect: r3 lock sbb [mem], eax: ok
; expect: r3 lock sub [mem], eax: ok
; expect: r3 lock xchg [mem], eax: ok
; expect:   eax=11111111 mem=22222222 
; expect: r3 lock xchg eax, [mem] (87 05): ok
; expect: r3 lock rep add [mem], eax (F0 F3): ok
; expect: r3 rep lock add [mem], eax (F3 F0): ok
; expect: r3 lock lock add [mem], eax: ok
; expect: r3 lock ds add [mem], eax: ok
; expect: repe scasb (F3): ok
; expect:   ecx=00000001 
; expect: repne scasb (F2): ok
; expect:   ecx=00000003 
; expect: F2 F3 scasb: ok
; expect:   ecx=00000001 
; expect: F3 F2 scasb: ok
; expect:   ecx=00000003 
; expect: F3 F3 scasb: ok
; expect:   ecx=00000001 
; expect: F3 F3 movsb: ok
; expect:   ecx=00000000 edi=00150013 
; expect: 66 66 mov ax, 0x1234: ok
; expect:   eax=AAAA1234 
; expect: 66 66 mov [mem], ax: ok
; expect:   mem=5555AAAA 
; expect: fs mov eax, [mem]: ok
; expect:   eax=BBBBBBBB 
; expect: fs ds mov eax, [mem]: ok
; expect:   eax=AAAAAAAA 
; expect: ds fs mov eax, [mem]: ok
; expect:   eax=BBBBBBBB 
; expect: fs es ds fs es mov eax, [mem]: ok
; expect:   eax=AAAAAAAA 
; expect: es fs ds lock add [mem], eax: ok
; expect:   mem=AAAAAAAB mem+0x1000=BBBBBBBB 
; expect: ds fs lodsd: ok
; expect:   eax=BBBBBBBB 
; expect: fs ds lodsd: ok
; expect:   eax=AAAAAAAA 
; expect: cs nop: ok
; expect: ds mov eax, ebx: ok
; expect: 14 prefixes + nop (15 bytes): ok
; expect: 15 prefixes + nop (16 bytes): #GP(0000) eip=insn
; expect: r3 15 prefixes + nop (16 bytes): #GP(0000) eip=insn
; expect: 9 prefixes + mov eax, [mem] (15 bytes): ok
; expect: 10 prefixes + mov eax, [mem] (16 bytes): #GP(0000) eip=insn
; expect: 5 prefixes + mov dword [mem], imm32 (15 bytes): ok
; expect: 6 prefixes + mov dword [mem], imm32 (16 bytes): #GP(0000) eip=insn
; expect: lock x15 + add (16 bytes): #GP(0000) eip=insn
