; popfw.asm - a kernel changes IF and IOPL with the 16-bit POPFW and reads them back with PUSHFW
; and PUSHFD. Natively (CPL 0) every change takes. A VMM that runs this kernel outside ring 0 must
; keep the guest's IF and IOPL virtual for the 16-bit forms exactly as for POPFD/PUSHFD.
; Prints one line per step: "IF=x IOPL=y".
bits 32
org 0x100000
mb: dd 0x1BADB002, 0x00010000, -(0x1BADB002 + 0x00010000), mb, mb, 0, 0, start
start:
        lgdt [gdtp]
        jmp 0x08:.f
.f:     mov ax, 0x10
        mov ds, ax
        mov ss, ax
        mov esp, 0x180000
        cli
        call show                   ; IF=0 IOPL=0
        push word 0x0202            ; IF=1
        popfw
        call show                   ; IF=1 IOPL=0
        push word 0x3002            ; IF=0, IOPL=3
        popfw
        call show                   ; IF=0 IOPL=3
        push word 0x0203            ; IF=1, IOPL=0, CF
        popfw
        call show                   ; IF=1 IOPL=0
        cli
        mov al, 0
        out 0xF4, al

; show: "IF=x IOPL=y" from PUSHFW (IF) and PUSHFD (IOPL)
show:
        pushfw
        pop ax
        shr ax, 9
        and al, 1
        add al, '0'
        mov [line + 3], al
        pushfd
        pop eax
        shr eax, 12
        and al, 3
        add al, '0'
        mov [line + 10], al
        mov esi, line
.next:  lodsb
        out 0xE9, al
        cmp al, 10
        jne .next
        ret
line:   db "IF=? IOPL=?", 10
align 8
gdt: dq 0, 0x00CF9A000000FFFF, 0x00CF92000000FFFF
gdtp: dw 23
      dd gdt
