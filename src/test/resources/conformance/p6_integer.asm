; p6_integer.asm - the integer instructions a compiler emits beyond the 386 basics.
; SDM Vol. 2A/2B pages SETcc, CMOVcc, BT/BTS/BTR/BTC, BSF/BSR, SHLD/SHRD, BSWAP, XADD,
; CMPXCHG, CMPXCHG8B, LAHF/SAHF, XLAT, ENTER, PUSHA/POPA, CMPS/SCAS with REPE/REPNE.
; All six arithmetic flags are printed (O S Z A P C, '-' = clear), undefined ones too: with
; EFLAGS set by POPFD just before, QEMU keeps the flags BT leaves undefined, computes BSF/BSR's
; from the source as for a logical result, and SHLD/SHRD's as for SHL/SAR (AF = 0) - and so
; does RingScope. Why it matters: gcc -O2 writes sete, cmovl, bt, shrd and bswap for plain C
; (comparisons, min/max, bit sets, 64-bit shifts, byte order), so a student's program needs them.
%include "lib/rt.inc"

M       equ RT_SCRATCH

; R "label", flags-in, instruction: EAX..EDX from [INPUT], flags from flags-in; prints the
; label, EAX, EBX, ECX, EDX after and all six flags. BEGIN flags-in ... END "label": the
; same around several instructions.
%macro BEGIN 1
        push dword %1 | 2
        popfd
        mov eax, [INPUT]
        mov ebx, [INPUT + 4]
        mov ecx, [INPUT + 8]
        mov edx, [INPUT + 12]
%endmacro

%macro END 1
        pushfd
        PUTS %1, ":"
        call show
        NL
%endmacro

%macro R 3+
        BEGIN %2
        %3
        END %1
%endmacro

%macro IN4 4
        mov dword [INPUT], %1
        mov dword [INPUT + 4], %2
        mov dword [INPUT + 8], %3
        mov dword [INPUT + 12], %4
%endmacro

main:
        ; SETcc and CMOVcc read the same conditions as Jcc
        IN4 0, 0, 0, 0
        BEGIN F_ZF
        sete al
        setne ah
        setb bl
        seta bh
        END "sete/setne/setb/seta ZF"
        BEGIN F_SF
        setl al
        setge ah
        setle bl
        setg bh
        END "setl/setge/setle/setg SF!=OF"
        BEGIN F_PF | F_OF
        setp al
        setnp ah
        seto bl
        setno bh
        END "setp/setnp/seto/setno"
        mov byte [M], 0x55
        R "setc [m]", F_CF, setc [M]
        HEX [M], 8
        NL
        IN4 1, 2, 3, 4
        BEGIN F_ZF
        cmovz eax, ebx
        cmovnz ecx, edx
        END "cmovz/cmovnz taken/not"
        BEGIN F_OF
        cmovl ax, dx
        cmova ebx, ecx
        END "cmovl ax,dx cmova"
        mov dword [M], 0xCAFEF00D
        BEGIN 0
        cmovge eax, [M]
        cmovs ebx, [M]
        END "cmovge eax,[m] cmovs ebx,[m]"

        ; BT family: register, immediate, memory with a bit offset beyond the operand
        IN4 0x80000001, 31, 0, 0
        R "bt eax,ebx (flags all)", F_ALL, bt eax, ebx
        R "bt eax,ebx (flags none)", 0, bt eax, ebx
        BEGIN 0
        bts eax, 1
        btr eax, 0
        END "bts eax,1 btr eax,0"
        R "btc ax,15 (cf out)", F_ALL, btc ax, 15
        R "bt eax,33 (mod 32)", 0, bt eax, 33
        mov dword [M], 0x00000001
        mov dword [M + 4], 0x80000000
        mov dword [M - 4], 0x40000000
        IN4 0, 63, -2, 0
        R "bt [m],ebx=63", 0, bt [M], ebx
        R "bts [m],ecx=-2", 0, bts [M], ecx
        HEX [M - 4], 8
        NL
        IN4 0, 0, 0, 17
        R "btr word [m],dx=17", F_ALL, btr [M], dx
        HEX [M], 8
        NL
        R "btc dword [m],40 (mod 32)", 0, btc dword [M], 40
        HEX [M], 8
        NL

        ; BSF/BSR: ZF says whether the source was 0; then the destination is kept
        IN4 0x00F00000, 0x11111111, 0, 0x8000
        BEGIN 0
        bsf ebx, eax
        bsr ecx, eax
        END "bsf ebx,eax bsr ecx,eax"
        R "bsf eax,ecx (zero)", F_ALL & ~F_ZF, bsf eax, ecx
        R "bsr bx,dx (16-bit)", F_ALL, bsr bx, dx
        R "bsf ax,cx (zero, 16-bit)", 0, bsf ax, cx

        ; SHLD/SHRD: 64-bit shifts in two registers, as gcc writes them
        IN4 0x12345678, 0x9ABCDEF0, 4, 0
        R "shld eax,ebx,4", 0, shld eax, ebx, 4
        R "shrd eax,ebx,cl=4", 0, shrd eax, ebx, cl
        R "shld eax,ebx,1 (OF)", 0, shld eax, ebx, 1
        R "shrd eax,ebx,31", 0, shrd eax, ebx, 31
        R "shld eax,ebx,0 (no flags)", F_ALL, shld eax, ebx, 0
        R "shld ax,bx,12", 0, shld ax, bx, 12
        R "shrd ax,bx,20 (>16)", 0, shrd ax, bx, 20
        R "shld ax,bx,20 (>16)", 0, shld ax, bx, 20
        mov dword [M], 0x80000001
        R "shrd [m],ebx,1", 0, shrd [M], ebx, 1
        HEX [M], 8
        NL

        ; BSWAP, XADD, CMPXCHG, CMPXCHG8B
        IN4 0x11223344, 0xAABBCCDD, 5, 7
        BEGIN 0
        bswap eax
        bswap ebx
        END "bswap eax bswap ebx"
        R "xadd ecx,edx", 0, xadd ecx, edx
        R "xadd al,bl", 0, xadd al, bl
        mov dword [M], 0xFFFFFFFF
        R "lock xadd [m],ecx", 0, lock xadd [M], ecx
        HEX [M], 8
        NL
        IN4 5, 9, 5, 0
        R "cmpxchg ecx,ebx (equal)", 0, cmpxchg ecx, ebx
        R "cmpxchg ebx,ecx (differ)", 0, cmpxchg ebx, ecx
        mov dword [M], 6
        R "lock cmpxchg [m],ebx (differ)", 0, lock cmpxchg [M], ebx
        HEX [M], 8
        NL
        mov dword [M], 0x11111111
        mov dword [M + 4], 0x22222222
        IN4 0x11111111, 0x33333333, 0x44444444, 0x22222222
        R "cmpxchg8b (equal)", 0, cmpxchg8b [M]
        SHOW "  m", [M + 4], 8
        HEX [M], 8
        NL
        R "lock cmpxchg8b (differ)", F_ALL, lock cmpxchg8b [M]

        ; LAHF/SAHF, XLAT, ENTER/LEAVE, PUSHAW/POPAW
        IN4 0, 0, 0, 0
        R "lahf (flags all)", F_ALL, lahf
        IN4 0xD500, 0, 0, 0
        R "sahf ah=D5", F_OF, sahf
        IN4 3, table, 0, 0
        R "xlatb al=3", 0, xlatb
        mov [SAVED], esp
        mov [SAVED + 4], ebp
        mov esp, STACK
        mov ebp, STACK - 0x100
        mov dword [STACK - 0x104], 0xF1
        mov dword [STACK - 0x108], 0xF2
        enter 8, 3
        mov eax, esp
        mov ebx, ebp
        mov ecx, [esp + 8]
        mov edx, [esp + 12]
        mov esi, [esp + 16]
        mov edi, [esp + 20]
        leave
        mov [INPUT], esp
        mov esp, [SAVED]
        mov ebp, [SAVED + 4]
        SHOW "enter 8,3: esp", eax, 8
        SHOW "ebp", ebx, 8
        SHOW "frame", ecx, 8
        SHOW "", edx, 8
        SHOW "", esi, 8
        SHOW "", edi, 8
        SHOW "leave esp", [INPUT], 8
        NL
        IN4 0x11110001, 0x22220002, 0x33330003, 0x44440004
        BEGIN 0
        pushaw
        mov eax, 0
        mov ebx, [esp + 8]
        mov cx, 0x5555
        popaw
        END "pushaw/popaw"

        ; CMPSW/SCASW with REPE/REPNE, both directions
        cld
        mov esi, wa
        mov edi, wb
        mov ecx, 4
        repe cmpsw
        pushfd
        mov eax, esi
        sub eax, wa
        mov ebx, edi
        sub ebx, wb
        mov edx, 0
        PUTS "repe cmpsw:"
        call show
        NL
        std
        mov edi, wa + 6
        mov ax, 0x1111
        mov ecx, 4
        repne scasw
        pushfd
        cld
        mov ebx, edi
        sub ebx, wa
        mov edx, 0
        PUTS "std repne scasw:"
        call show
        NL
        DONE

; show: prints EAX..EDX and the flags pushed by the caller's pushfd
show:
        mov esi, [esp + 4]
        SHOW " a", eax, 8
        SHOW "b", ebx, 8
        SHOW "c", ecx, 8
        SHOW "d", edx, 8
        FLAGS esi, F_ALL
        ret 4

table:  db 10, 11, 12, 13, 14
wa:     dw 0x1111, 0x2222, 0x3333, 0x4444
wb:     dw 0x1111, 0x2222, 0x3334, 0x4444
INPUT:     times 4 dd 0
SAVED:  times 2 dd 0
STACK   equ M + 0x1000

; expect: sete/setne/setb/seta ZF: a=00000001 b=00000000 c=00000000 d=00000000 --Z---
; expect: setl/setge/setle/setg SF!=OF: a=00000001 b=00000001 c=00000000 d=00000000 -S----
; expect: setp/setnp/seto/setno: a=00000001 b=00000001 c=00000000 d=00000000 O---P-
; expect: setc [m]: a=00000000 b=00000000 c=00000000 d=00000000 -----C
; expect: 00000001
; expect: cmovz/cmovnz taken/not: a=00000002 b=00000002 c=00000003 d=00000004 --Z---
; expect: cmovl ax,dx cmova: a=00000004 b=00000003 c=00000003 d=00000004 O-----
; expect: cmovge eax,[m] cmovs ebx,[m]: a=CAFEF00D b=00000002 c=00000003 d=00000004 ------
; expect: bt eax,ebx (flags all): a=80000001 b=0000001F c=00000000 d=00000000 OSZAPC
; expect: bt eax,ebx (flags none): a=80000001 b=0000001F c=00000000 d=00000000 -----C
; expect: bts eax,1 btr eax,0: a=80000002 b=0000001F c=00000000 d=00000000 -----C
; expect: btc ax,15 (cf out): a=80008001 b=0000001F c=00000000 d=00000000 OSZAP-
; expect: bt eax,33 (mod 32): a=80000001 b=0000001F c=00000000 d=00000000 ------
; expect: bt [m],ebx=63: a=00000000 b=0000003F c=FFFFFFFE d=00000000 -----C
; expect: bts [m],ecx=-2: a=00000000 b=0000003F c=FFFFFFFE d=00000000 -----C
; expect: 40000000
; expect: btr word [m],dx=17: a=00000000 b=00000000 c=00000000 d=00000011 OSZAP-
; expect: 00000001
; expect: btc dword [m],40 (mod 32): a=00000000 b=00000000 c=00000000 d=00000011 ------
; expect: 00000101
; expect: bsf ebx,eax bsr ecx,eax: a=00F00000 b=00000014 c=00000017 d=00008000 ----P-
; expect: bsf eax,ecx (zero): a=00F00000 b=11111111 c=00000000 d=00008000 --Z-P-
; expect: bsr bx,dx (16-bit): a=00F00000 b=1111000F c=00000000 d=00008000 -S--P-
; expect: bsf ax,cx (zero, 16-bit): a=00F00000 b=11111111 c=00000000 d=00008000 --Z-P-
; expect: shld eax,ebx,4: a=23456789 b=9ABCDEF0 c=00000004 d=00000000 O----C
; expect: shrd eax,ebx,cl=4: a=01234567 b=9ABCDEF0 c=00000004 d=00000000 -----C
; expect: shld eax,ebx,1 (OF): a=2468ACF1 b=9ABCDEF0 c=00000004 d=00000000 ------
; expect: shrd eax,ebx,31: a=3579BDE0 b=9ABCDEF0 c=00000004 d=00000000 ------
; expect: shld eax,ebx,0 (no flags): a=12345678 b=9ABCDEF0 c=00000004 d=00000000 OSZAPC
; expect: shld ax,bx,12: a=12348DEF b=9ABCDEF0 c=00000004 d=00000000 -S---C
; expect: shrd ax,bx,20 (>16): a=12348DEF b=9ABCDEF0 c=00000004 d=00000000 OS----
; expect: shld ax,bx,20 (>16): a=1234EF05 b=9ABCDEF0 c=00000004 d=00000000 -S--PC
; expect: shrd [m],ebx,1: a=12345678 b=9ABCDEF0 c=00000004 d=00000000 O---PC
; expect: 40000000
; expect: bswap eax bswap ebx: a=44332211 b=DDCCBBAA c=00000005 d=00000007 ------
; expect: xadd ecx,edx: a=11223344 b=AABBCCDD c=0000000C d=00000005 ----P-
; expect: xadd al,bl: a=11223321 b=AABBCC44 c=00000005 d=00000007 ---APC
; expect: lock xadd [m],ecx: a=11223344 b=AABBCCDD c=FFFFFFFF d=00000007 ---A-C
; expect: 00000004
; expect: cmpxchg ecx,ebx (equal): a=00000005 b=00000009 c=00000009 d=00000000 --Z-P-
; expect: cmpxchg ebx,ecx (differ): a=00000009 b=00000009 c=00000005 d=00000000 -S-APC
; expect: lock cmpxchg [m],ebx (differ): a=00000006 b=00000009 c=00000005 d=00000000 -S-APC
; expect: 00000006
; expect: cmpxchg8b (equal): a=11111111 b=33333333 c=44444444 d=22222222 --Z---
; expect:   m=44444444 33333333
; expect: lock cmpxchg8b (differ): a=33333333 b=33333333 c=44444444 d=44444444 OS-APC
; expect: lahf (flags all): a=0000D700 b=00000000 c=00000000 d=00000000 OSZAPC
; expect: sahf ah=D5: a=0000D500 b=00000000 c=00000000 d=00000000 OSZAPC
; expect: xlatb al=3: a=0000000D b=001028E9 c=00000000 d=00000000 ------
; expect: enter 8,3: esp=00150FE8 ebp=00150FFC frame=00150FFC =000000F2 =000000F1 =00150F00 leave esp=00151000 
; expect: pushaw/popaw: a=00000001 b=00040002 c=33330003 d=44440004 ------
; expect: repe cmpsw: a=00000006 b=00000006 c=00000001 d=00000000 -S-APC
; expect: std repne scasw: a=00001111 b=FFFFFFFE c=00000000 d=00000000 --Z-P-
