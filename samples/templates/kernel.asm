; A new kernel experiment (File > New > Kernel experiment).
;
; Not a mini-OS program: a whole (tiny) kernel of your own, booted by the
; Multiboot loader at 1 MiB in 32-bit protected mode, ring 0, interrupts off,
; paging off - as QEMU boots it with -kernel. Everything is allowed here:
; you are ring 0. It writes to the debug console (port 0xE9, QEMU's
; -debugcon) and stops the machine through QEMU's isa-debug-exit device
; (port 0xF4), so the same image also runs in QEMU:
;   qemu-system-i386 -kernel IMAGE -debugcon stdio -display none \
;       -device isa-debug-exit,iobase=0xf4,iosize=4
;
; Ctrl+R assembles and runs it. Try a technique other than native in the
; setup bar: your "ring 0" kernel becomes a guest - watch what traps.

        bits 32
        org 0x00100000

MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 0x00010000                 ; the a.out kludge: load at the addresses below
mb_header:
        dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
        dd mb_header, mb_header, 0, 0, start

start:
        mov esp, stack_top
        mov esi, greeting
        call puts
        mov eax, cr0                    ; privileged: fine in ring 0, a trap under a VMM
        cli
        mov dx, 0xF4                    ; isa-debug-exit: QEMU exits with (value << 1) | 1
        mov al, 0
        out dx, al
        hlt                             ; not reached

; puts: write the zero-terminated text at ESI to port 0xE9
puts:
        mov dx, 0xE9
.next:  lodsb
        test al, al
        jz .done
        out dx, al
        jmp .next
.done:  ret

greeting: db "hello from my kernel", 10, 0

        align 16
        times 1024 db 0
stack_top:
