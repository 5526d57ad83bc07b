; leak.asm - instructions that show ring 3 the kernel's secrets, no trap.
;
; lgdt, lidt, ltr and `mov cr0` are privileged: ring 3 gets #GP. But their
; READING twins are not: sgdt, sidt, sldt, str and smsw work at any CPL
; (SDM 3A 5.9 lists only the loads as privileged) and so does reading CS.
; A program can learn where the kernel keeps its descriptor tables, which
; task register is loaded and that the machine runs in protected mode -
; and a guest kernel under a hypervisor can see that the values are not
; its own. With sgdt/sidt/sldt/smsw/str not trapping, a trap-and-emulate
; hypervisor cannot hide itself on classic x86 (Robin & Irvine, 2000).
; (CPUs since 2017 offer CR4.UMIP to make these fault in ring 3.)
;
; The values are fixed by minios's layout: the GDT is placed right after
; the Multiboot header at 0x00100020 and has 6 descriptors (limit 6*8-1).
;
; expect: minios: starting 1 user task
; expect: task 1: sgdt: GDT base 0x00100020, limit 0x002f (6 descriptors)
; expect: task 1: sidt: IDT limit 0x07ff (256 gates)
; expect: task 1: sldt: LDT selector 0x0000 (no LDT)
; expect: task 1: str: task register 0x0028 (the TSS descriptor)
; expect: task 1: smsw: CR0 low word 0x0015 (PE=1 protected mode, EM=1 no FPU, ET=1)
; expect: task 1: mov eax, cs: 0x001b (RPL 3: I run in ring 3)
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

user_main:
        sgdt [table]                    ; 2 bytes limit, 4 bytes base
        PRINT "task 1: sgdt: GDT base "
        PRINT_HEX [table + 2], 8
        PRINT ", limit "
        movzx eax, word [table]
        PRINT_HEX eax, 4
        PRINTLN " (6 descriptors)"

        sidt [table]
        PRINT "task 1: sidt: IDT limit "
        movzx eax, word [table]
        PRINT_HEX eax, 4
        PRINTLN " (256 gates)"

        sldt [word16]
        PRINT "task 1: sldt: LDT selector "
        movzx eax, word [word16]
        PRINT_HEX eax, 4
        PRINTLN " (no LDT)"

        str [word16]
        PRINT "task 1: str: task register "
        movzx eax, word [word16]
        PRINT_HEX eax, 4
        PRINTLN " (the TSS descriptor)"

        smsw [word16]                   ; the low 16 bits of CR0
        PRINT "task 1: smsw: CR0 low word "
        movzx eax, word [word16]
        PRINT_HEX eax, 4
        PRINTLN " (PE=1 protected mode, EM=1 no FPU, ET=1)"

        mov eax, cs
        PRINT "task 1: mov eax, cs: "
        and eax, 0xFFFF
        PRINT_HEX eax, 4
        PRINTLN " (RPL 3: I run in ring 3)"
        EXIT 0

table:  times 6 db 0
word16: dw 0
