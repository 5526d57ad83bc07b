; pic_pit.asm - the 8259A PIC and 8254 PIT, timing-independent checks only.
; 8259A datasheet (and SDM Vol. 3A 6.3.3 on maskable interrupts): OCW1 (port 0x21) is the
; interrupt mask register and reads back; OCW3 0x0A/0x0B on port 0x20 selects IRR/ISR for
; the next read; an acknowledged IRQ sets its ISR bit until the handler's EOI (OCW2 0x20);
; a masked line still sets IRR, and the request is delivered once unmasked. 8254: control
; word 0x34 = channel 0, lobyte/hibyte, mode 2; read-back 0xE2 latches channel 0's status.
; SDM Vol. 2 STI: interrupts are recognized after the instruction FOLLOWING sti, so
; `sti; hlt` cannot lose the wake-up; an interrupt during HLT pushes the EIP after HLT.
; QEMU's PIT runs in real time and RingScope's counts instructions: no tick counts here.
; Why it matters: the virtual interrupt controller is what a VMM must emulate for every
; guest; `sti; hlt` is the idle loop of every kernel.
%include "lib/rt.inc"

main:
        in al, 0x21
        SHOW "IMR master", eax, 2
        in al, 0xA1
        SHOW "slave", eax, 2
        mov al, 0xFA
        out 0x21, al
        in al, 0x21
        SHOW "after writing FA", eax, 2
        mov al, 0xFF
        out 0x21, al
        NL
        SET_HANDLER 0x20, 0x8E, irq0
        ; PIT channel 0, mode 2, count 0x1000
        mov al, 0x34
        out 0x43, al
        mov al, 0x00
        out 0x40, al
        mov al, 0x10
        out 0x40, al
        mov al, 0xE2                    ; read-back: status of channel 0
        out 0x43, al
        in al, 0x40
        and al, 0x3F                    ; bit 7 (OUT) and bit 6 (null count) depend on time
        SHOW "PIT status", eax, 2
        NL
        ; unmask IRQ 0 and sleep until it comes
        mov al, 0xFE
        out 0x21, al
        sti
        hlt
after_hlt:
        cli
        SHOW "woke up: interrupts", [count], 1
        SHOW "ISR in handler", [isr_in], 2
        SHOW "after EOI", [isr_after], 2
        mov eax, [pushed_eip]
        sub eax, after_hlt
        SHOW "pushed eip - after_hlt", eax, 8
        NL
        ; the handler masked IRQ 0 again: wait until the PIT raises it in IRR anyway
        mov ecx, 50000000
.poll:  mov al, 0x0A
        out 0x20, al
        in al, 0x20
        test al, 1
        jnz .pending
        loop .poll
.pending:
        movzx eax, al
        and eax, 1
        SHOW "masked IRQ 0 pending in IRR", eax, 1
        mov al, 0x0B
        out 0x20, al
        in al, 0x20
        SHOW "ISR", eax, 2
        NL
        ; unmask: delivered after the instruction following sti
        mov al, 0xFE
        out 0x21, al
        mov dword [count], 0
        sti
        mov dword [marker], 1           ; runs before the interrupt
        cli
        SHOW "after unmask: interrupts", [count], 1
        SHOW "marker seen by handler", [marker_seen], 1
        NL
        DONE

irq0:
        push eax
        mov al, 0x0B                    ; OCW3: read ISR
        out 0x20, al
        in al, 0x20
        mov [isr_in], al
        mov al, 0x20                    ; EOI
        out 0x20, al
        in al, 0x20                     ; (still reading ISR: OCW3 is remembered)
        mov [isr_after], al
        mov al, 0xFF                    ; mask IRQ 0 again
        out 0x21, al
        mov eax, [esp + 4]
        mov [pushed_eip], eax
        mov eax, [marker]
        mov [marker_seen], eax
        inc dword [count]
        pop eax
        iretd

count:       dd 0
isr_in:      dd 0
isr_after:   dd 0
pushed_eip:  dd 0
marker:      dd 0
marker_seen: dd 0

; expect: IMR master=FF slave=FF after writing FA=FA 
; expect: PIT status=34 
; expect: woke up: interrupts=1 ISR in handler=01 after EOI=00 pushed eip - after_hlt=00000000 
; expect: masked IRQ 0 pending in IRR=1 ISR=00 
; expect: after unmask: interrupts=1 marker seen by handler=1 
