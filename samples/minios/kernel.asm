; kernel.asm - minios, a tiny teaching kernel for 32-bit x86, in the spirit of xv6.
;
; Build (from the repository root; see samples/README.md):
;   nasm -f bin -I samples/minios/ -I samples/user/ \
;        -dUSER_PROGRAM='"../user/hello.asm"' samples/minios/kernel.asm -o hello.img
; Run:
;   qemu-system-i386 -kernel hello.img -debugcon stdio -display none -no-reboot \
;        -device isa-debug-exit,iobase=0xf4,iosize=4
;
; ONE BINARY: the kernel and one user program are assembled together. This
; file includes the program named by USER_PROGRAM (a path relative to this
; file) between the labels user_image_start and user_image_end. The program
; defines `user_main` (task 1) and, if it writes `%define USER_TASK2 label`,
; a second task. See samples/user/lib.inc.
;
; BOOT FLOW
;   1. A Multiboot loader (QEMU -kernel, or RingScope) finds multiboot.asm's
;      header, copies the file to 0x00100000 and jumps to `start` in 32-bit
;      protected mode, paging off, interrupts off (Multiboot spec 3.2).
;   2. boot.asm zeroes the BSS and sets up a stack, then calls, in order:
;      gdt_init (own GDT + TSS), idt_init (traps 0-19, IRQ 0, int 0x80),
;      pic_init + pit_init (timer on vector 32), paging_init (kernel page
;      directory, paging on), sysenter_init (the fast system call MSRs),
;      proc_init (one address space per task).
;   3. proc_start picks task 1 and "returns" into ring 3 with IRET from a
;      trap frame built by hand (proc.asm). From then on the kernel only
;      runs when a trap arrives: a system call, a timer tick, or a fault.
;   4. When the last user task has exited or been killed, the kernel prints
;      a line and writes the exit value to port 0xF4 (QEMU isa-debug-exit).
;
; PHYSICAL MEMORY MAP (identity-mapped, so physical = kernel virtual)
;   0x00000000-0x000FFFFF  low memory: unused, mapped supervisor-only
;   0x00100000             Multiboot header (32 bytes)
;   0x00100020             GDT, then TSS: first, so `sgdt` shows the same
;                          address whatever else changes (leak.asm prints it)
;   ...                    kernel code and data, IDT
;   user_image_start       the user program, page aligned (the original copy)
;   image_end = BSS_START  BSS (zeroed at boot), page aligned:
;     KERNEL_PD, KERNEL_PT   kernel page directory + the table mapping 0-4 MiB
;     SHARED_FRAME           the page every task sees at USER_SHARED
;     KSTACKS                one 4 KiB kernel stack per slot (idle, task 1, task 2)
;     BOOT_STACK             stack used only during boot
;     TASK_MEM (per task)    page directory, page table, user stack, image copy,
;                            the frame of the demand-paged window,
;                            (USER_ELF) the page table of the user region
;     APIC_PT                the page table that maps the local APIC (apic.asm)
;
; VIRTUAL MEMORY OF A USER TASK (each task has its own page directory)
;   0x00000000-0x003FFFFF  the kernel's identity map, supervisor only (U/S=0),
;                          except for three user windows (U/S=1):
;     user_image_start     the task's private copy of the program (code+data)
;     USER_SHARED          0x003FE000: one page shared by all tasks
;     USER_STACK_PAGE      0x003FF000: the task's private stack (top 0x00400000)
;   and one window that starts NOT present:
;     USER_DEMAND          0x003FC000, two pages, one frame: the page-fault
;                          handler maps it where the task touched (demand.asm)
;   0x00400000-0xFFFFFFFF  not present, except the local APIC's page at
;                          0xFEE00000, supervisor only (apic.asm), and:
;     USER_REGION          0x08000000-0x083FFFFF, in a kernel built with
;                          -dUSER_ELF: the pages of an ELF program's PT_LOAD
;                          segments at their addresses (writable only if the
;                          segment is); the program is a file RingScope
;                          writes from the ELF (samples/c, docs/c-programs.md)
; The kernel sees all of it: it runs at CPL 0, and supervisor pages are only
; closed to CPL 3 (SDM 3A 4.6.1).
;
; SOURCE LAYOUT (one subsystem per file, included in this order)
;   arch.inc     every privileged instruction, as macros (paravirtual seam)
;   abi.inc      system call numbers and user addresses (shared with users)
;   multiboot.asm, gdt.asm, boot.asm, console.asm, idt.asm, trap.asm,
;   fault.asm, pic.asm, pit.asm, paging.asm, apic.asm, demand.asm, proc.asm,
;   catch.asm, syscall.asm, kbench.asm, sysenter.asm

        bits 32
        org 0x00100000

KERNEL_BASE     equ 0x00100000

%ifdef PARAVIRT
%include "arch_pv.inc"          ; same macros as hypercalls (a Xen-style guest)
%else
%include "arch.inc"
%endif
%include "abi.inc"

%include "multiboot.asm"        ; must stay first: the header, 32 bytes
%include "gdt.asm"              ; GDT + TSS data right after it: fixed address
%include "boot.asm"
%include "console.asm"
%include "idt.asm"
%include "trap.asm"
%include "fault.asm"
%include "pic.asm"
%include "pit.asm"
%include "paging.asm"
%include "apic.asm"
%include "demand.asm"
%include "proc.asm"
%include "catch.asm"                ; after proc.asm: its table has NPROC rows
%include "syscall.asm"
%include "kbench.asm"               ; the nanobenchmarks that run in the kernel
%include "sysenter.asm"
%ifdef PARAVIRT
%include "pv.asm"               ; the page shared with the hypervisor
%endif

; Pad with zeros up to the next 4 KiB boundary: paging maps whole pages.
%macro PAGE_ALIGN 0
        times (4096 - (($ - $$) % 4096)) % 4096 db 0
%endmacro

; ---- the user program ------------------------------------------------
; At a fixed address, whatever the kernel's size, so that a program's
; addresses (and the messages that quote them) are the same in the native
; and the paravirtual build of the kernel.
; (If the kernel outgrows it, the count below turns negative and the
; assembler says so.)
USER_IMAGE_OFFSET equ 0x8000
        times USER_IMAGE_OFFSET - ($ - $$) db 0
user_image_start:
                                ; USER_PROGRAM: -dUSER_PROGRAM='"../user/hello.asm"'
%include USER_PROGRAM
user_image_end:
        PAGE_ALIGN

%ifdef USER_ELF
; Where each page of an ELF program goes: its address in the user region,
; | PTE_W if its segment is writable (paging.asm). The program file defines
; the macro; RingScope writes that file from the ELF's program headers.
user_elf_pages:
        USER_ELF_PAGES
%endif

; Entry points of the user tasks, read by proc_init. 0 = no such task.
user_task_table:
        dd user_main
%ifdef USER_TASK2
        dd USER_TASK2
%else
        dd 0
%endif

        PAGE_ALIGN
image_end:                      ; the loader copies the file up to here

; ---- BSS: addresses only, no bytes in the file ----------------------
PAGE            equ 4096
USER_PAGES      equ (user_image_end - user_image_start + PAGE - 1) / PAGE
%ifdef USER_ELF
TASK_MEM_SIZE   equ (5 + USER_PAGES) * PAGE  ; ... and the user region's page table
%else
TASK_MEM_SIZE   equ (4 + USER_PAGES) * PAGE  ; PD, PT, stack, image copy, demand frame
%endif
DEMAND_FRAME    equ (3 + USER_PAGES) * PAGE  ; offset of the demand frame from the PD
USER_REGION_PT  equ (4 + USER_PAGES) * PAGE  ; USER_ELF: offset of the region's page table

BSS_START       equ image_end
KERNEL_PD       equ BSS_START
KERNEL_PT       equ KERNEL_PD + PAGE
SHARED_FRAME    equ KERNEL_PT + PAGE
KSTACKS         equ SHARED_FRAME + PAGE
BOOT_STACK      equ KSTACKS + NPROC * PAGE
BOOT_STACK_TOP  equ BOOT_STACK + PAGE
TASK_MEM        equ BOOT_STACK_TOP
APIC_PT         equ TASK_MEM + NUSER * TASK_MEM_SIZE   ; maps the local APIC (apic.asm)
BSS_END         equ APIC_PT + PAGE
