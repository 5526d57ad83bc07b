; boot.asm - where the loader jumps: set up the machine, then start task 1.

start:
        cmp eax, MB_BOOT_MAGIC          ; were we started by a Multiboot loader?
        jne .not_multiboot

        ; Zero the BSS ourselves: the loader should have, but a kernel
        ; that does not depend on it is easier to move to another loader.
        cld
        mov edi, BSS_START
        mov ecx, (BSS_END - BSS_START) / 4
        xor eax, eax
        rep stosd
        mov esp, BOOT_STACK_TOP

        ARCH_INIT                       ; nothing natively; a PV guest meets its hypervisor
        call gdt_init
        call idt_init
        call pic_init
        call pit_init
        call paging_init
        call sysenter_init
        call proc_init
        jmp proc_start                  ; never returns

.not_multiboot:
        mov esi, msg_not_multiboot
        call console_puts
        mov al, EXIT_PANIC
        jmp machine_stop

; Values written to port 0xF4 when the kernel stops. QEMU's isa-debug-exit
; then ends with status (value << 1) | 1.
EXIT_DOUBLE_FAULT equ 0xDF
EXIT_PANIC        equ 0xEE

; Stop the machine with exit value AL. Under QEMU (and RingScope) the write
; to 0xF4 ends the run; on a machine without that device we halt forever.
machine_stop:
        ARCH_OUTB 0xF4
        ARCH_CLI
.forever:
        ARCH_HLT
        jmp .forever

msg_not_multiboot: db "minios: not started by a Multiboot loader", 10, 0
