; pv_mmu.asm - a paravirtual kernel asks for two page-table updates: one mapping a frame of its own
; memory (allowed), one mapping a frame past the end of its memory, where a hypervisor could keep
; its own (refused with -EPERM). Prints each result as a signed digit: "0 -1".
        bits 32
        org 0x100000
mb:     dd 0x1BADB002, 0x00010000, -(0x1BADB002 + 0x00010000), mb, mb, 0, 0, start
start:
        mov esp, stack_top
        mov dword [req + 4], 0x00200003         ; frame 0x200000: the guest's own memory, present
        call update
        mov dword [req + 4], 0xFFC00003         ; frame 0xFFC00000: not the guest's
        call update
        mov al, 10
        out 0xE9, al
        mov al, 0
        out 0xF4, al
update:                                         ; mmu_update(&req, 1); print the result
        mov ebx, req
        mov ecx, 1
        mov eax, 1
        int 0x82
        test eax, eax
        jns .print
        push eax
        mov al, '-'
        out 0xE9, al
        pop eax
        neg eax
.print: add al, '0'
        out 0xE9, al
        mov al, ' '
        out 0xE9, al
        ret
        align 4
req:    dd pte, 0                               ; {entry address, new value}
pte:    dd 0
        times 256 db 0
stack_top:
