; gdt.asm - segments and the task-state segment.
;
; minios uses flat segments (base 0, limit 4 GiB): protection comes from
; the privilege level in each descriptor and from paging, not from segment
; limits. The GDT still matters: CS's low two bits ARE the current privilege
; level (CPL), and the descriptor's DPL decides who may load it.
;
; This file is included right after the 32-byte Multiboot header, so the
; GDT always sits at 0x00100020.

; KERNEL_RPL comes from arch.inc: 0 natively, 1 for a paravirtual kernel,
; which runs in ring 1 and says so in its selectors and descriptors (Xen's
; FLAT_KERNEL_CS is 0xE019: RPL 1).
KERNEL_CS       equ 0x08 | KERNEL_RPL   ; selector = index * 8 | table (0 = GDT) | RPL
KERNEL_DS       equ 0x10 | KERNEL_RPL
USER_CS         equ 0x18 | 3        ; RPL 3: we will run there at CPL 3
USER_DS         equ 0x20 | 3
TSS_SEL         equ 0x28

; A segment descriptor, SDM 3A 3.4.5 (Figure 3-8).
; %1 base, %2 limit (20 bits), %3 access byte (P, DPL, S, type), %4 flags (G, D/B)
%macro DESCRIPTOR 4
        dw (%2) & 0xFFFF
        dw (%1) & 0xFFFF
        db ((%1) >> 16) & 0xFF
        db %3
        db (((%2) >> 16) & 0x0F) | ((%4) << 4)
        db ((%1) >> 24) & 0xFF
%endmacro

; access bytes: 0x9A = present, DPL 0, code, execute/read
;               0x92 = present, DPL 0, data, read/write
;               0xFA / 0xF2 = the same with DPL 3
;               0x89 = present, DPL 0, system, 32-bit TSS (available)
; flags 0xC: 4 KiB granularity (limit 0xFFFFF = 4 GiB), 32-bit default size
TSS_ADDR        equ tss - $$ + KERNEL_BASE      ; a plain number, so we can shift it

gdt:
        dq 0                                    ; 0x00 null: loading it faults on use
        DESCRIPTOR 0, 0xFFFFF, 0x9A | KERNEL_RPL << 5, 0xC ; 0x08 kernel code (DPL = the kernel's ring)
        DESCRIPTOR 0, 0xFFFFF, 0x92 | KERNEL_RPL << 5, 0xC ; 0x10 kernel data (and stack)
        DESCRIPTOR 0, 0xFFFFF, 0xFA, 0xC        ; 0x18 user code
        DESCRIPTOR 0, 0xFFFFF, 0xF2, 0xC        ; 0x20 user data (and stack)
        DESCRIPTOR TSS_ADDR, TSS_SIZE - 1, 0x89, 0x0 ; 0x28 TSS
gdt_end:

; The TSS, SDM 3A 7.2.1 (Figure 7-2). minios never switches tasks in
; hardware; it needs the TSS only for SS0:ESP0, the stack the CPU switches
; to when a trap arrives from ring 3 (SDM 3A 6.12.1).
TSS_ESP0        equ 4
TSS_SIZE        equ 104

tss:
        dd 0                    ;   0 previous task link
        dd 0                    ;   4 ESP0: set by the scheduler (ARCH_SET_KERNEL_STACK)
        dd KERNEL_DS            ;   8 SS0
        times 22 dd 0           ;  12 ESP1 ... LDT selector: unused
        dw 0                    ; 100 debug trap flag
        dw TSS_SIZE             ; 102 I/O map base: beyond the limit, so there is
                                ;     no I/O permission bitmap and ring 3 may use
                                ;     in/out only if CPL <= IOPL (SDM 3A 18.5.2)

gdt_ptr:                        ; operand of lgdt: limit, then linear base
        dw gdt_end - gdt - 1
        dd gdt

; Load our GDT, reload every segment register from it (they keep cached
; copies of the loader's descriptors until reloaded, SDM 3A 3.4.3), and load
; the task register.
gdt_init:
        ARCH_LGDT [gdt_ptr]
        jmp KERNEL_CS:.reload_cs        ; a far jump is the way to reload CS
.reload_cs:
        mov ax, KERNEL_DS
        mov ds, ax
        mov es, ax
        mov fs, ax
        mov gs, ax
        mov ss, ax
        mov ax, TSS_SEL
        ARCH_LTR ax                     ; marks the TSS descriptor busy
        ret
