; demand.asm - demand paging, in its smallest form.
;
; A page fault need not be an error. When the page is simply not there yet
; (error code bit 0 P = 0, SDM 3A 4.7), the kernel can map it and return:
; #PF is a FAULT, so the saved EIP is the faulting instruction, and the IRET
; runs it again, this time successfully (SDM 3A 6.5, 6.15 "Interrupt 14").
; The task never notices. That is how real kernels load programs lazily,
; grow stacks and swap.
;
; minios gives each task a window of DEMAND_PAGES pages at USER_DEMAND
; (abi.inc) backed by ONE frame. The window starts not present. A touch of
; a page in it faults; the handler unmaps the frame from wherever it was in
; the window and maps it at the touched page. So touching the pages of the
; window in turn faults every time (samples/bench/pgfault.asm), and the
; frame keeps its bytes as it moves: there is no swap, and nothing to zero.
;
; The frame is the last page of the task's memory (kernel.asm): its page
; directory + DEMAND_FRAME.

PF_PRESENT      equ 1           ; #PF error code bit 0: 1 = protection, 0 = not present

; EBP = the trap frame of an exception from ring 3. If it is a not-present
; fault in the demand window, map the window's frame there and return CF=0:
; the task re-runs the instruction. Else CF=1. Clobbers EAX-EDI except EBP.
demand_fault:
        cmp dword [ebp + F_VECTOR], 14
        jne .not_ours
        test dword [ebp + F_ERROR], PF_PRESENT
        jnz .not_ours                   ; the page is there: a protection fault
        ARCH_READ_CR2 eax               ; the address the task touched
        cmp eax, USER_DEMAND
        jb .not_ours
        cmp eax, USER_DEMAND + DEMAND_PAGES * PAGE
        jae .not_ours
        and eax, PTE_FRAME              ; its page

        mov esi, [current]
        mov edi, [esi + P_CR3]
        mov edi, [edi]                  ; directory entry 0: the table for 0-4 MiB
        and edi, PTE_FRAME

        ; Unmap the frame from the page that had it, and flush that page's
        ; translation: the CPU may have cached it (SDM 3A 4.10.4.2).
        xor edx, edx                    ; an entry with P=0
        mov ebx, USER_DEMAND
.evict:
        mov ecx, ebx
        shr ecx, 12
        lea ecx, [edi + ecx * 4]
        test dword [ecx], PTE_P
        jz .next
        ARCH_SET_PTE ecx, edx
        ARCH_INVLPG ebx
.next:
        add ebx, PAGE
        cmp ebx, USER_DEMAND + DEMAND_PAGES * PAGE
        jb .evict

        ; Map it at the page the task touched. No flush needed: the entry
        ; was not present, so no translation of it is cached (SDM 3A 4.10.4.3).
        mov edx, [esi + P_CR3]
        add edx, DEMAND_FRAME + PTE_USER
        shr eax, 12
        lea ecx, [edi + eax * 4]
        ARCH_SET_PTE ecx, edx
        clc
        ret
.not_ours:
        stc
        ret
