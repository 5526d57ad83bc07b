; muldiv.asm - MUL, IMUL (one, two and three operands), DIV, IDIV.
; SDM Vol. 2A/2B: MUL sets CF=OF=1 iff the upper half of the product is not 0; one-operand
; IMUL iff the upper half is not the sign extension of the lower; two/three-operand IMUL
; iff the truncated product differs from the full one. SF, ZF, AF, PF are UNDEFINED after
; MUL/IMUL and every flag is undefined after DIV/IDIV, so only CF and OF are printed
; ("O....C"). IDIV truncates toward zero; the remainder has the dividend's sign.
; Why it matters: innocuous instructions again - run natively or copied by a translator -
; and the undefined flags are exactly where emulators may differ without being wrong.
%include "lib/rt.inc"

MF      equ F_OF | F_CF

%macro M 3+
        mov eax, [A]
        mov edx, 0xDDDDDDDD
        mov ebx, [B]
        %3
        pushfd
        pop esi
        PUTS %1, " = "
        HEX edx, 8
        PUTS ":"
        HEX eax, 8
        PUTS " "
        FLAGS esi, %2
        NL
%endmacro

%macro AB 2
        mov dword [A], %1
        mov dword [B], %2
%endmacro

main:
        AB 0x10000, 0x10000
        M "mul 10000*10000", MF, mul ebx
        AB 0xFFFF, 0xFFFF
        M "mul FFFF*FFFF", MF, mul ebx
        AB 0xFFFFFFFF, 0xFFFFFFFF
        M "mul FFFFFFFF*FFFFFFFF", MF, mul ebx
        AB 0x12345680, 0x02
        M "mul bl 80*02", MF, mul bl
        AB 0x1234007F, 0x02
        M "mul bl 7F*02", MF, mul bl
        AB 0x12348000, 0x0002
        M "mul bx 8000*2", MF, mul bx
        AB 0xFFFFFFFF, 0xFFFFFFFF
        M "imul -1*-1", MF, imul ebx
        AB 0x80000000, 0xFFFFFFFF
        M "imul 80000000*-1", MF, imul ebx
        AB 0x40000000, 2
        M "imul 40000000*2", MF, imul ebx
        AB 0xC0000000, 2
        M "imul C0000000*2", MF, imul ebx
        AB 0x000000C0, 0x02
        M "imul bl C0*02 (-128)", MF, imul bl
        AB 0x00000040, 0x02
        M "imul bl 40*02 (128)", MF, imul bl
        AB 0x00004000, 0x0002
        M "imul bx 4000*2", MF, imul bx
        AB 0x00010000, 0x00010000
        M "imul eax,ebx 10000*10000", MF, imul eax, ebx
        AB 0xFFFFFFFE, 0x00000003
        M "imul eax,ebx -2*3", MF, imul eax, ebx
        AB 0x40000000, 0
        M "imul eax,eax,2", MF, imul eax, eax, 2
        M "imul eax,ebx,-1 (ebx=0)", MF, imul eax, ebx, -1
        AB 0x12345678, 0x00001000
        M "imul eax,ebx,0x100000", MF, imul eax, ebx, 0x100000
        AB 7, 0
        M "imul eax,5 (two-operand imm)", MF, imul eax, 5
        AB 0x00008000, 0
        M "imul ax,ax,2", MF, imul ax, ax, 2
        AB 0x00000100, 0
        M "imul ax,[w] (w=0x0080)", MF, imul ax, [W]
        ; DIV / IDIV: results only (no flags defined)
        mov eax, 100
        mov edx, 0
        mov ebx, 7
        div ebx
        SHOW "div 100/7: q", eax, 8
        SHOW "r", edx, 8
        NL
        mov eax, 0
        mov edx, 1
        mov ebx, 2
        div ebx
        SHOW "div 1:00000000/2: q", eax, 8
        SHOW "r", edx, 8
        NL
        mov eax, -7
        cdq
        mov ebx, 2
        idiv ebx
        SHOW "idiv -7/2: q", eax, 8
        SHOW "r", edx, 8
        NL
        mov eax, 7
        cdq
        mov ebx, -2
        idiv ebx
        SHOW "idiv 7/-2: q", eax, 8
        SHOW "r", edx, 8
        NL
        mov eax, 0x12340000 + 1003
        mov bl, 10
        div bl
        SHOW "div ax 1003/10 (bl): ax", eax, 8
        NL
        mov eax, 0x1234FF85             ; ax = -123
        mov bl, 10
        idiv bl
        SHOW "idiv ax -123/10 (bl): ax", eax, 8
        NL
        mov eax, 0x12340000
        mov edx, 0x56780001             ; dx:ax = 0x00010000
        mov bx, 3
        div bx
        SHOW "div dx:ax 10000/3 (bx): eax", eax, 8
        SHOW "edx", edx, 8
        NL
        mov dword [M1], 9
        mov eax, 100
        xor edx, edx
        div dword [M1]
        SHOW "div [m] 100/9: q", eax, 8
        SHOW "r", edx, 8
        NL
        DONE

A:      dd 0
B:      dd 0
W:      dw 0x0080
M1:     dd 0

; expect: mul 10000*10000 = 00000001:00000000 O....C
; expect: mul FFFF*FFFF = 00000000:FFFE0001 -....-
; expect: mul FFFFFFFF*FFFFFFFF = FFFFFFFE:00000001 O....C
; expect: mul bl 80*02 = DDDDDDDD:12340100 O....C
; expect: mul bl 7F*02 = DDDDDDDD:123400FE -....-
; expect: mul bx 8000*2 = DDDD0001:12340000 O....C
; expect: imul -1*-1 = 00000000:00000001 -....-
; expect: imul 80000000*-1 = 00000000:80000000 O....C
; expect: imul 40000000*2 = 00000000:80000000 O....C
; expect: imul C0000000*2 = FFFFFFFF:80000000 -....-
; expect: imul bl C0*02 (-128) = DDDDDDDD:0000FF80 -....-
; expect: imul bl 40*02 (128) = DDDDDDDD:00000080 O....C
; expect: imul bx 4000*2 = DDDD0000:00008000 O....C
; expect: imul eax,ebx 10000*10000 = DDDDDDDD:00000000 O....C
; expect: imul eax,ebx -2*3 = DDDDDDDD:FFFFFFFA -....-
; expect: imul eax,eax,2 = DDDDDDDD:80000000 O....C
; expect: imul eax,ebx,-1 (ebx=0) = DDDDDDDD:00000000 -....-
; expect: imul eax,ebx,0x100000 = DDDDDDDD:00000000 O....C
; expect: imul eax,5 (two-operand imm) = DDDDDDDD:00000023 -....-
; expect: imul ax,ax,2 = DDDDDDDD:00000000 O....C
; expect: imul ax,[w] (w=0x0080) = DDDDDDDD:00008000 O....C
; expect: div 100/7: q=0000000E r=00000002 
; expect: div 1:00000000/2: q=80000000 r=00000000 
; expect: idiv -7/2: q=FFFFFFFD r=FFFFFFFF 
; expect: idiv 7/-2: q=FFFFFFFD r=00000001 
; expect: div ax 1003/10 (bl): ax=12340364 
; expect: idiv ax -123/10 (bl): ax=1234FDF4 
; expect: div dx:ax 10000/3 (bx): eax=12345555 edx=56780001 
; expect: div [m] 100/9: q=0000000B r=00000001 
