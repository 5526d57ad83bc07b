; datamove.asm - data movement, addressing and loops.
; SDM Vol. 2: MOVZX/MOVSX extend, XCHG swaps (also with memory), LEA computes
; base + index*scale + disp without touching memory or flags; LOOP decrements ECX without
; changing flags and jumps if ECX != 0 (LOOPE/LOOPNE also test ZF), JECXZ tests ECX;
; PUSHAD pushes EAX..EDI with the ESP from BEFORE the instruction and POPAD skips it;
; PUSH ESP pushes the old ESP; PUSH/POP of a segment register moves ESP by 4 in 32-bit
; code (the upper half of the pushed dword is implementation-specific: not printed).
; Why it matters: the innocuous bulk of every guest; under binary translation it runs
; IDENT, so the emulator must get addressing and stack effects exactly right.
%include "lib/rt.inc"

main:
        mov eax, 0xFFFFFF80
        movzx ebx, al
        movsx ecx, al
        movzx edx, ax
        movsx esi, ax
        SHOW "movzx/movsx 80: ", ebx, 8
        SHOW "", ecx, 8
        SHOW "", edx, 8
        SHOW "", esi, 8
        NL
        mov word [W], 0x7FFF
        movsx ebx, word [W]
        mov ax, 0x1111
        movsx ax, byte [W + 1]
        SHOW "movsx [w]", ebx, 8
        SHOW "movsx ax,byte", eax, 8
        NL
        ; lea with SIB
        mov ebx, 0x1000
        mov ecx, 0x10
        push dword 0x2
        popfd
        lea eax, [ebx + ecx * 4 + 0x20]
        lea edx, [ecx * 8]
        lea esi, [ebx + ebx * 2 - 1]
        lea edi, [esp + 8]
        sub edi, esp
        pushfd
        pop ebp
        SHOW "lea", eax, 8
        SHOW "", edx, 8
        SHOW "", esi, 8
        SHOW "esp+8-esp", edi, 8
        PUTS "flags "
        FLAGS ebp, F_ALL
        NL
        ; SIB memory operands
        mov ebx, table
        mov ecx, 2
        mov eax, [ebx + ecx * 4]
        mov edx, [table + ecx * 4 + 4]
        SHOW "[ebx+ecx*4]", eax, 8
        SHOW "[table+ecx*4+4]", edx, 8
        NL
        ; xchg
        mov eax, 1
        mov ebx, 2
        xchg eax, ebx
        mov ecx, 0x33
        xchg ecx, [table]
        SHOW "xchg", eax, 1
        SHOW "", ebx, 1
        SHOW "ecx", ecx, 8
        SHOW "[table]", [table], 8
        NL
        mov eax, 0x1234
        xchg ah, al
        SHOW "xchg ah,al", eax, 8
        NL
        ; loop keeps flags; jecxz
        mov ecx, 5
        mov eax, 0
        push dword F_ZF | F_CF | 2
        popfd
.l1:    lea eax, [eax + 1]
        loop .l1
        pushfd
        pop edx
        SHOW "loop x5: eax", eax, 8
        SHOW "ecx", ecx, 8
        PUTS "flags "
        FLAGS edx, F_ALL
        NL
        mov ecx, 0
        mov eax, 0
        jecxz .zero
        mov eax, 1
.zero:  SHOW "jecxz ecx=0 taken: eax", eax, 1
        NL
        ; loope: stops when ZF = 0 (elements differ from 7)
        mov esi, sevens
        mov ecx, 5
.l2:    lodsb
        cmp al, 7
        loope .l2
        sub esi, sevens
        SHOW "loope: esi", esi, 8
        SHOW "ecx", ecx, 8
        NL
        ; loopne: stops when ZF = 1
        mov esi, sevens + 3
        mov ecx, 5
.l3:    lodsb
        cmp al, 7
        loopne .l3
        sub esi, sevens
        SHOW "loopne: esi", esi, 8
        SHOW "ecx", ecx, 8
        NL
        ; pushad / popad
        mov eax, 0xA
        mov ecx, 0xC
        mov edx, 0xD
        mov ebx, 0xB
        mov ebp, 0xBB
        mov esi, 0x51
        mov edi, 0xD1
        mov [saved_esp], esp
        pushad
        mov eax, [esp + 12]             ; the ESP slot
        sub eax, [saved_esp]
        SHOW "pushad: esp slot - esp before", eax, 8
        NL
        mov dword [esp + 12], 0x99999999        ; popad ignores it
        mov dword [esp + 28], 0x77777777        ; eax slot
        popad
        mov ebx, esp
        sub ebx, [saved_esp]
        SHOW "popad: eax", eax, 8
        SHOW "esp - before", ebx, 8
        NL
        ; push esp pushes the value before the push
        mov ebx, esp
        push esp
        pop eax
        sub eax, ebx
        SHOW "push esp: pushed - old", eax, 8
        NL
        ; segment registers on the stack
        mov ebx, esp
        push ds
        push fs
        mov ecx, ebx
        sub ecx, esp
        mov ax, [esp]
        movzx eax, ax
        SHOW "push ds; push fs: esp moved", ecx, 8
        SHOW "[esp] low", eax, 4
        NL
        mov dword [esp], SEL_DATA3
        pop gs
        pop es
        mov eax, gs
        mov ecx, es
        mov edx, esp
        sub edx, ebx
        SHOW "pop gs; pop es: gs", eax, 4
        SHOW "es", ecx, 4
        SHOW "esp - before", edx, 8
        NL
        mov ax, SEL_DATA0
        mov gs, ax
        ; push imm, call/ret imm16, leave
        mov ebx, esp
        push dword -2
        push byte 5
        call callee
        mov ecx, ebx
        sub ecx, esp
        SHOW "call; ret 8: esp moved", ecx, 8
        SHOW "eax", eax, 8
        NL
        DONE

callee:
        push ebp
        mov ebp, esp
        sub esp, 0x40
        mov eax, [ebp + 8]
        add eax, [ebp + 12]
        leave
        ret 8

        align 4
table:  dd 0x10, 0x20, 0x30, 0x40
W:      dw 0
sevens: db 7, 7, 7, 9, 7, 7, 7, 7
saved_esp: dd 0

; expect: movzx/movsx 80: =00000080 =FFFFFF80 =0000FF80 =FFFFFF80 
; expect: movsx [w]=00007FFF movsx ax,byte=FFFF007F 
; expect: lea=00001060 =00000080 =00002FFF esp+8-esp=00000008 flags ------
; expect: [ebx+ecx*4]=00000030 [table+ecx*4+4]=00000040 
; expect: xchg=2 =1 ecx=00000010 [table]=00000033 
; expect: xchg ah,al=00003412 
; expect: loop x5: eax=00000005 ecx=00000000 flags --Z--C
; expect: jecxz ecx=0 taken: eax=0 
; expect: loope: esi=00000004 ecx=00000001 
; expect: loopne: esi=00000005 ecx=00000003 
; expect: pushad: esp slot - esp before=00000000 
; expect: popad: eax=77777777 esp - before=00000000 
; expect: push esp: pushed - old=00000000 
; expect: push ds; push fs: esp moved=00000008 [esp] low=0010 
; expect: pop gs; pop es: gs=0023 es=0010 esp - before=00000000 
; expect: call; ret 8: esp moved=00000000 eax=00000003 
