; mov_ss_memory.asm - a kernel loads SS from memory with an RPL-0 selector: in ring 1 that faults, and
; the trap-and-emulate VMM emulates it (with RPL 1); reading SS back then shows the ring (a hole).
bits 32
org 0x100000
mb: dd 0x1BADB002, 0x00010000, -(0x1BADB002 + 0x00010000), mb, mb, 0, 0, start
start:
        lgdt [gdtp]
        jmp 0x08:.f
.f:     mov ax, 0x10
        mov ds, ax
        mov word [sel], 0x10
        mov ss, [sel]             ; from memory: under ring compression the VMM emulates it
        mov eax, ss
        and al, 3
        add al, '0'
        out 0xE9, al
        mov al, 10
        out 0xE9, al
        mov al, 0
        out 0xF4, al
sel: dw 0
align 8
gdt: dq 0, 0x00CF9A000000FFFF, 0x00CF92000000FFFF
gdtp: dw 23
      dd gdt
