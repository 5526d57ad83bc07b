; alu_flags.asm - results and flags of the integer ALU instructions.
; SDM Vol. 2 instruction pages, "Flags Affected": ADD/ADC/SUB/SBB/CMP/NEG set OF, SF, ZF,
; AF, PF, CF from the result; INC/DEC the same but leave CF alone; AND/OR/XOR/TEST clear OF
; and CF, set SF/ZF/PF, and leave AF UNDEFINED; NOT changes no flag. Only flags the SDM
; defines are printed: O S Z A P C, '-' = clear, '.' = undefined (not checked).
; Why it matters: binary translation copies these instructions unchanged ("IDENT"), so an
; emulator's flags must be exact, or a guest's conditional branch goes the other way.
%include "lib/rt.inc"

LOGIC   equ F_ALL & ~F_AF

; T "label", flags-in, defined, instruction...: EAX=A, EBX=B, ECX=C before; prints
; label, EAX after and the flags
%macro T 4+
        push dword %2 | 2
        popfd
        mov eax, [A]
        mov ebx, [B]
        %4
        pushfd
        pop edx
        PUTS %1, " = "
        HEX eax, 8
        PUTS " "
        FLAGS edx, %3
        NL
%endmacro

%macro AB 2
        mov dword [A], %1
        mov dword [B], %2
%endmacro

main:
        AB 0x7FFFFFFF, 1
        T "add 7FFFFFFF+1", 0, F_ALL, add eax, ebx
        AB 0xFFFFFFFF, 1
        T "add FFFFFFFF+1", 0, F_ALL, add eax, ebx
        AB 0x0000000F, 0x00000001
        T "add 0F+01 (AF)", 0, F_ALL, add eax, ebx
        AB 0x80000000, 0x80000000
        T "add 80000000+80000000", 0, F_ALL, add eax, ebx
        AB 0x12345678, 0x000000FF
        T "add al,bl 78+FF", 0, F_ALL, add al, bl
        AB 0x00007FFF, 0x00000001
        T "add ax,bx 7FFF+1", 0, F_ALL, add ax, bx
        AB 0xFFFFFFFF, 0
        T "adc FFFFFFFF+0+CF", F_CF, F_ALL, adc eax, ebx
        AB 0x7FFFFFFF, 0
        T "adc 7FFFFFFF+0+CF", F_CF, F_ALL, adc eax, ebx
        AB 0xFFFFFFFF, 0xFFFFFFFF
        T "adc FFFFFFFF+FFFFFFFF+CF", F_CF, F_ALL, adc eax, ebx
        AB 0, 1
        T "sub 0-1", 0, F_ALL, sub eax, ebx
        AB 0x80000000, 1
        T "sub 80000000-1", 0, F_ALL, sub eax, ebx
        AB 5, 5
        T "sub 5-5", 0, F_ALL, sub eax, ebx
        AB 0x10, 1
        T "sub 10-1 (AF)", 0, F_ALL, sub eax, ebx
        AB 0, 0
        T "sbb 0-0-CF", F_CF, F_ALL, sbb eax, ebx
        AB 0x80000000, 0
        T "sbb 80000000-0-CF", F_CF, F_ALL, sbb eax, ebx
        AB 5, 0xFFFFFFFF
        T "sbb 5-FFFFFFFF-CF", F_CF, F_ALL, sbb eax, ebx
        AB 3, 7
        T "cmp 3,7", 0, F_ALL, cmp eax, ebx
        AB 0x7F, 0x80
        T "cmp bl,al 80,7F", 0, F_ALL, cmp bl, al
        AB 0x80000000, 0x7FFFFFFF
        T "cmp 80000000,7FFFFFFF", 0, F_ALL, cmp eax, ebx
        AB 0, 0
        T "neg 0", F_CF, F_ALL, neg eax
        AB 1, 0
        T "neg 1", 0, F_ALL, neg eax
        AB 0x80000000, 0
        T "neg 80000000", 0, F_ALL, neg eax
        AB 0x00000080, 0
        T "neg al 80", 0, F_ALL, neg al
        AB 0x7FFFFFFF, 0
        T "inc 7FFFFFFF (CF in)", F_CF, F_ALL, inc eax
        AB 0xFFFFFFFF, 0
        T "inc FFFFFFFF", 0, F_ALL, inc eax
        AB 0x000000FF, 0
        T "inc al FF (CF in)", F_CF, F_ALL, inc al
        AB 0x80000000, 0
        T "dec 80000000", 0, F_ALL, dec eax
        AB 1, 0
        T "dec 1 (CF in)", F_CF, F_ALL, dec eax
        AB 0x00010000, 0
        T "dec ax 0000", 0, F_ALL, dec ax
        AB 0xF0F0F0F0, 0x0FF00FF0
        T "and", F_CF | F_OF, LOGIC, and eax, ebx
        T "or", F_CF | F_OF, LOGIC, or eax, ebx
        T "xor", F_CF | F_OF, LOGIC, xor eax, ebx
        T "test", F_CF | F_OF, LOGIC, test eax, ebx
        T "xor eax,eax", F_CF | F_OF | F_SF, LOGIC, xor eax, eax
        T "and al,0x0F", 0, LOGIC, and al, 0x0F
        T "test al,0x80", 0, LOGIC, test al, 0x80
        T "or ax,0x8000", 0, LOGIC, or ax, 0x8000
        T "not (flags in: all)", F_ALL, F_ALL, not eax
        T "not (flags in: none)", 0, F_ALL, not eax
        ; memory destinations and immediates
        mov dword [M], 0xFFFFFFFE
        T "add [m],2", 0, F_ALL, add dword [M], 2
        mov eax, [M]
        SHOW "  m", eax, 8
        NL
        mov dword [M], 0x00000100
        T "sub byte [m+1],1", 0, F_ALL, sub byte [M + 1], 1
        SHOW "  m", [M], 8
        NL
        T "cmp eax,-1 (simm8)", 0, F_ALL, cmp eax, -1
        ; stc/clc/cmc
        T "stc", 0, F_ALL, stc
        T "cmc", F_CF, F_ALL, cmc
        T "clc", F_ALL, F_ALL, clc
        ; cbw/cwde/cwd/cdq
        mov dword [A], 0x12345680
        T "cbw", 0, F_ALL, cbw
        mov dword [A], 0x12348000
        T "cwde", 0, F_ALL, cwde
        mov eax, 0x80000000
        mov edx, 0x12345678
        cdq
        SHOW "cdq 80000000: edx", edx, 8
        NL
        mov eax, 0x7FFFFFFF
        cdq
        SHOW "cdq 7FFFFFFF: edx", edx, 8
        NL
        DONE

A:      dd 0
B:      dd 0
M:      dd 0

; expect: add 7FFFFFFF+1 = 80000000 OS-AP-
; expect: add FFFFFFFF+1 = 00000000 --ZAPC
; expect: add 0F+01 (AF) = 00000010 ---A--
; expect: add 80000000+80000000 = 00000000 O-Z-PC
; expect: add al,bl 78+FF = 12345677 ---APC
; expect: add ax,bx 7FFF+1 = 00008000 OS-AP-
; expect: adc FFFFFFFF+0+CF = 00000000 --ZAPC
; expect: adc 7FFFFFFF+0+CF = 80000000 OS-AP-
; expect: adc FFFFFFFF+FFFFFFFF+CF = FFFFFFFF -S-APC
; expect: sub 0-1 = FFFFFFFF -S-APC
; expect: sub 80000000-1 = 7FFFFFFF O--AP-
; expect: sub 5-5 = 00000000 --Z-P-
; expect: sub 10-1 (AF) = 0000000F ---AP-
; expect: sbb 0-0-CF = FFFFFFFF -S-APC
; expect: sbb 80000000-0-CF = 7FFFFFFF O--AP-
; expect: sbb 5-FFFFFFFF-CF = 00000005 ---APC
; expect: cmp 3,7 = 00000003 -S-APC
; expect: cmp bl,al 80,7F = 0000007F O--A--
; expect: cmp 80000000,7FFFFFFF = 80000000 O--A--
; expect: neg 0 = 00000000 --Z-P-
; expect: neg 1 = FFFFFFFF -S-APC
; expect: neg 80000000 = 80000000 OS--PC
; expect: neg al 80 = 00000080 OS---C
; expect: inc 7FFFFFFF (CF in) = 80000000 OS-APC
; expect: inc FFFFFFFF = 00000000 --ZAP-
; expect: inc al FF (CF in) = 00000000 --ZAPC
; expect: dec 80000000 = 7FFFFFFF O--AP-
; expect: dec 1 (CF in) = 00000000 --Z-PC
; expect: dec ax 0000 = 0001FFFF -S-AP-
; expect: and = 00F000F0 ---.P-
; expect: or = FFF0FFF0 -S-.P-
; expect: xor = FF00FF00 -S-.P-
; expect: test = F0F0F0F0 ---.P-
; expect: xor eax,eax = 00000000 --Z.P-
; expect: and al,0x0F = F0F0F000 --Z.P-
; expect: test al,0x80 = F0F0F0F0 -S-.--
; expect: or ax,0x8000 = F0F0F0F0 -S-.P-
; expect: not (flags in: all) = 0F0F0F0F OSZAPC
; expect: not (flags in: none) = 0F0F0F0F ------
; expect: add [m],2 = F0F0F0F0 --ZAPC
; expect:   m=00000000 
; expect: sub byte [m+1],1 = F0F0F0F0 --Z-P-
; expect:   m=00000000 
; expect: cmp eax,-1 (simm8) = F0F0F0F0 -S-A-C
; expect: stc = F0F0F0F0 -----C
; expect: cmc = F0F0F0F0 ------
; expect: clc = F0F0F0F0 OSZAP-
; expect: cbw = 1234FF80 ------
; expect: cwde = FFFF8000 ------
; expect: cdq 80000000: edx=FFFFFFFF 
; expect: cdq 7FFFFFFF: edx=00000000 
