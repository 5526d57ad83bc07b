; sixteen_bit.asm - the 16-bit forms in 32-bit code: PUSHFW/POPFW (66 9C/9D), ENTER/LEAVE
; with o16 (66 C8/C9), and the 0x67 address-size prefix: 16-bit ModRM addressing (SDM Vol. 2A
; Table 2-1), JCXZ, LOOP with CX, string instructions with SI/DI/CX, XLATB with BX.
; Why it matters: 32-bit code meets these in hand-written startup code and old libraries, and
; each has its own rule about which half of a register it changes.
%include "lib/rt.inc"

LOW     equ 0x8000                      ; data below 64 KiB, where 16-bit addresses reach

main:
        ; PUSHFW pushes FLAGS (2 bytes); POPFW changes only the low half: AC (bit 18) stays
        push dword 0x40000 | F_CF | 2   ; AC and CF
        popfd
        mov ebx, esp
        pushfw
        sub ebx, esp
        pop ax
        movzx eax, ax
        SHOW "pushfw", eax, 4
        SHOW "esp-", ebx, 1
        push word 0x3000 | F_ZF | 2     ; IOPL 3, ZF
        popfw
        pushfd
        pop eax
        and eax, 0x7FFFF
        SHOW "popfw at cpl 0", eax, 8
        NL
        push dword 2
        popfd
        ; at CPL 3 with IOPL 0, POPFW keeps IF and IOPL as POPFD does, silently
        RING 3
        push word 0x3200 | F_SF | 2     ; IOPL 3, IF 1, SF: only SF takes
        popfw
        pushfd
        pop dword [result]
        pushfw
        pop word [result + 4]
        BACK
        mov eax, [result]
        and eax, 0x3FFF
        SHOW "popfw at cpl 3", eax, 4
        movzx eax, word [result + 4]
        SHOW "pushfw", eax, 4
        NL

        ; o16 enter 8,3: BP is pushed as a word, two words of the display copied, the frame
        ; pointer pushed as a word; ESP moves as a whole (32-bit stack), BP gets the frame
        mov [saved], esp
        mov [saved + 4], ebp
        mov esp, STACK
        mov ebp, STACK - 0x100
        mov word [STACK - 0x102], 0xF1
        mov word [STACK - 0x104], 0xF2
        o16 enter 8, 3
        mov eax, esp
        mov ebx, ebp
        mov ecx, [esp + 8]
        mov edx, [esp + 12]
        mov dword [ebp], 0x0000ABCD     ; the word o16 leave pops into BP (upper half stays)
        o16 leave
        mov esi, esp
        mov edi, ebp
        mov esp, [saved]
        mov ebp, [saved + 4]
        SHOW "o16 enter 8,3: esp", eax, 8
        SHOW "ebp", ebx, 8
        SHOW "frame", ecx, 8
        SHOW "", edx, 8
        SHOW "o16 leave esp", esi, 8
        SHOW "ebp", edi, 8
        NL
        ; only BP is the frame pointer's: EBP's upper half stays (SDM: BP := FrameTemp[15:0])
        mov [saved], esp
        mov esp, STACK
        mov ebp, 0x12340F00
        o16 enter 4, 0
        mov eax, ebp
        mov ebx, esp
        mov esp, [saved]
        mov ebp, [saved + 4]
        SHOW "o16 enter 4,0: ebp", eax, 8
        SHOW "esp", ebx, 8
        NL

        ; 16-bit ModRM: [bx+si], [bp+di+disp8] and a sum that wraps at 64 KiB
        mov dword [LOW + 0x10], 0x11223344
        mov dword [LOW + 0x20], 0x55667788
        mov ebx, 0xABCD0000 + LOW       ; the upper halves are not part of a 16-bit address
        mov esi, 0x12340010
        mov eax, [bx+si]
        SHOW "[bx+si]", eax, 8
        mov ebp, 0x00FF0000 + LOW
        mov edi, 0x00EE0010
        mov eax, [bp+di+0x10]
        SHOW "[bp+di+0x10]", eax, 8
        mov ebx, 0xFFF0
        mov esi, 0x8030
        mov dword [bx+si], 0xCAFEF00D   ; 0xFFF0 + 0x8030 = 0x18020 wraps to 0x8020
        mov eax, [LOW + 0x20]
        SHOW "wrapped", eax, 8
        mov eax, [word LOW + 0x10]
        SHOW "[word]", eax, 8
        lea eax, [bx+si-1]
        SHOW "lea", eax, 8
        NL

        ; JCXZ tests CX, JECXZ ECX; LOOP x, cx counts in CX and leaves ECX's upper half
        mov ecx, 0x00010000
        mov eax, 0
        jcxz .cx_zero
        mov eax, 1
.cx_zero:
        mov ebx, 0
        jecxz .ecx_zero
        mov ebx, 1
.ecx_zero:
        mov ecx, 0x12340003
        mov edx, 0
.count: inc edx
        loop .count, cx
        SHOW "jcxz", eax, 1
        SHOW "jecxz", ebx, 1
        SHOW "loop cx: ecx", ecx, 8
        SHOW "edx", edx, 8
        mov ecx, 0x00050002
        mov edx, 0
        xor eax, eax
.count2:
        inc edx
        a16 loopz .count2
        SHOW "loopz cx", ecx, 8
        SHOW "edx", edx, 8
        NL

        ; strings with SI, DI, CX: a copy that wraps SI from 0xFFFE to 0x0002
        cld
        mov dword [LOW], 0x04030201
        mov esi, 0xAAAA0000 + LOW
        mov edi, 0xBBBB0000 + LOW + 0x40
        mov ecx, 0xCCCC0004
        a16 rep movsb
        SHOW "a16 rep movsb: esi", esi, 8
        SHOW "edi", edi, 8
        SHOW "ecx", ecx, 8
        HEX [LOW + 0x40], 8
        NL
        mov word [0xFFFE], 0x2211
        mov word [0x0000], 0x4433
        mov esi, 0x7777FFFE
        mov edi, 0x8888_0000 + LOW + 0x50
        mov ecx, 2
        a16 rep movsw
        SHOW "a16 rep movsw wraps: esi", esi, 8
        SHOW "edi", edi, 8
        HEX [LOW + 0x50], 8
        NL
        mov esi, 0x11110000 + LOW + 0x40
        mov edi, 0x22220000 + LOW
        mov ecx, 0x33330004
        a16 repe cmpsb
        pushfd
        pop eax
        and eax, F_ALL
        SHOW "a16 repe cmpsb: esi", esi, 8
        SHOW "edi", edi, 8
        SHOW "ecx", ecx, 8
        SHOW "flags", eax, 3
        NL
        mov edi, 0x44440000 + LOW + 0x40
        mov ecx, 0x55550008
        mov al, 0x03
        a16 repne scasb
        SHOW "a16 repne scasb: edi", edi, 8
        SHOW "ecx", ecx, 8
        mov esi, 0x66660000 + LOW + 0x40
        a16 lodsw
        SHOW "a16 lodsw", eax, 8
        SHOW "esi", esi, 8
        mov edi, 0x99990000 + LOW + 0x60
        mov eax, 0xDEADBEEF
        a16 stosd
        SHOW "a16 stosd: edi", edi, 8
        HEX [LOW + 0x60], 8
        NL
        mov dword [LOW + 0x70], 0x0D0C0B0A
        mov ebx, 0x12340000 + LOW + 0x70
        mov eax, 0xFFFFFF02
        a16 xlatb
        SHOW "a16 xlatb", eax, 8
        NL
        DONE

STACK   equ RT_SCRATCH + 0x1000
result: times 2 dd 0
saved:  times 2 dd 0

; expect: pushfw=0003 esp-=2 popfw at cpl 0=00043042 
; expect: popfw at cpl 3=0082 pushfw=0082 
; expect: o16 enter 8,3: esp=00150FF0 ebp=00150FFE frame=00F20FFE =0F0000F1 o16 leave esp=00151000 ebp=0015ABCD 
; expect: o16 enter 4,0: ebp=12340FFE esp=00150FFA 
; expect: [bx+si]=11223344 [bp+di+0x10]=55667788 wrapped=CAFEF00D [word]=11223344 lea=0000801F 
; expect: jcxz=0 jecxz=1 loop cx: ecx=12340000 edx=00000003 loopz cx=00050001 edx=00000001 
; expect: a16 rep movsb: esi=AAAA8004 edi=BBBB8044 ecx=CCCC0000 04030201
; expect: a16 rep movsw wraps: esi=77770002 edi=88888054 44332211
; expect: a16 repe cmpsb: esi=11118044 edi=22228004 ecx=33330000 flags=044 
; expect: a16 repne scasb: edi=44448043 ecx=55550005 a16 lodsw=00000201 esi=66668042 a16 stosd: edi=99998064 DEADBEEF
; expect: a16 xlatb=FFFFFF0C 
