; pic.asm - the two 8259A interrupt controllers (master at 0x20, slave at 0xA0).
;
; After reset the master delivers IRQ 0-7 on vectors 8-15, the very vectors
; the CPU uses for exceptions (8 = double fault!). So we reprogram both
; chips to use vectors 32-47, then mask everything but the timer.
; Intel 8259A data sheet: ICW1-ICW4 initialization sequence.

PIC1_CMD        equ 0x20
PIC1_DATA       equ 0x21
PIC2_CMD        equ 0xA0
PIC2_DATA       equ 0xA1
PIC_EOI         equ 0x20        ; OCW2: non-specific end of interrupt

pic_init:
        mov al, 0x11            ; ICW1: initialize, edge triggered, ICW4 follows
        ARCH_OUTB PIC1_CMD
        ARCH_OUTB PIC2_CMD
        mov al, IRQ0_VECTOR     ; ICW2: vector base, master 0x20 ...
        ARCH_OUTB PIC1_DATA
        mov al, IRQ0_VECTOR + 8 ; ... slave 0x28
        ARCH_OUTB PIC2_DATA
        mov al, 0x04            ; ICW3 master: a slave hangs on IRQ 2
        ARCH_OUTB PIC1_DATA
        mov al, 0x02            ; ICW3 slave: my cascade identity is 2
        ARCH_OUTB PIC2_DATA
        mov al, 0x01            ; ICW4: 8086 mode, normal EOI
        ARCH_OUTB PIC1_DATA
        ARCH_OUTB PIC2_DATA
        mov al, 0xFE            ; OCW1 masks: only IRQ 0 (the timer) enabled
        ARCH_OUTB PIC1_DATA
        mov al, 0xFF            ; slave: everything masked
        ARCH_OUTB PIC2_DATA
        ret

; Tell the master we have handled its interrupt; until then it delivers no
; other interrupt of the same or lower priority.
pic_eoi:
        mov al, PIC_EOI
        ARCH_OUTB PIC1_CMD
        ret
