; apic.asm - the local APIC, for its task-priority register (TPR) only.
;
; Every x86 CPU since the P6 has a local APIC: its registers are memory at
; the physical page APIC_BASE (SDM 3A 10.4.1). minios takes its interrupts
; from the 8259A PIC (pic.asm), so it uses one APIC register: the TPR,
; which says which interrupt priority classes the CPU accepts (bits 7:4 the
; class, 3:0 the sub-class; SDM 3A 10.8.3.1). In 64-bit mode the same
; register is CR8 (SDM 3A 10.8.6.1); a 32-bit kernel writes it as memory.
; samples/bench/cr8wr.asm times such a write.
;
; The page is mapped supervisor-only and uncached (PCD): device registers
; must not be cached (SDM 3A 10.4.1 "strong uncacheable"; PCD, SDM 3A 4.9).
; A paravirtual kernel has no APIC (arch_pv.inc keeps its TPR in the shared
; page), so it maps nothing here.

APIC_BASE       equ 0xFEE00000          ; the IA32_APIC_BASE reset value (SDM 3A 10.4.4)
APIC_TPR        equ APIC_BASE + 0x80    ; SDM 3A Table 10-1
PTE_PCD         equ 0x10                ; page-level cache disable

; Map APIC_BASE to itself in the kernel's address space: APIC_PT is a page
; table for the 4 MiB around it, pointed at from the directory entry for
; APIC_BASE. Every task's directory gets the same entry (paging.asm).
APIC_PDE        equ APIC_PT + PTE_KERNEL
apic_map:
%ifndef PARAVIRT
        mov dword [APIC_PT + ((APIC_BASE >> 12) & 1023) * 4], APIC_BASE + PTE_KERNEL + PTE_PCD
        mov dword [KERNEL_PD + (APIC_BASE >> 22) * 4], APIC_PDE
%endif
        ret
