; idt.asm - the interrupt descriptor table: which code runs for each vector.
; Every gate is an INTERRUPT gate: the CPU clears EFLAGS.IF on entry
; (SDM 3A 6.12.1.3), so the kernel is never interrupted while it works and
; needs no locks. Interrupts come back on with the IRET to the task.

IDT_ENTRIES     equ 256
GATE_INTERRUPT  equ 0x8E        ; present, DPL 0, type 0xE = 32-bit interrupt gate
GATE_PRESENT    equ 0x80

        times (8 - (($ - $$) % 8)) % 8 db 0    ; 8-byte aligned, as SDM 3A 6.10 advises
idt:    times IDT_ENTRIES dq 0  ; vectors without a gate: "not present" (#NP if used)

idt_ptr:
        dw IDT_ENTRIES * 8 - 1
        dd idt

; Fill in the gates listed in trap_table (trap.asm), then load the IDT.
idt_init:
        mov esi, trap_table
.next:
        mov eax, [esi]                  ; vector
        mov ebx, [esi + 4]              ; entry point
        mov ecx, [esi + 8]              ; DPL: who may use `int n` on this gate
        call idt_set_gate
        add esi, 12
        cmp esi, trap_table_end
        jb .next
        ARCH_LIDT [idt_ptr]
        ret

; Write an interrupt gate, SDM 3A 6.11 (Figure 6-2).
; EAX vector, EBX handler address, ECX DPL. Clobbers EDX, EDI.
idt_set_gate:
        lea edi, [idt + eax * 8]
        mov edx, ebx
        and edx, 0xFFFF                 ; offset 15..0
        or edx, KERNEL_CS << 16         ; the handler's code segment
        mov [edi], edx
        mov edx, ebx
        and edx, 0xFFFF0000             ; offset 31..16
        shl ecx, 13                     ; DPL goes to bits 14..13
        or edx, ecx
        or edx, GATE_INTERRUPT << 8
        mov [edi + 4], edx
        ret

; Mark the gate for vector EAX "not present". Used only by the teaching
; system call unplug_gate (double_fault.asm). The lidt is redundant on real
; hardware (the CPU reads the IDT from memory at every interrupt) but a
; paravirtual build must tell the hypervisor that the table changed.
idt_unplug_gate:
        and byte [idt + eax * 8 + 5], ~GATE_PRESENT & 0xFF
        ARCH_LIDT [idt_ptr]
        ret
