; kbench.asm - nanobenchmarks that run IN THE KERNEL, where Adams & Agesen
; ran theirs (ASPLOS 2006, 6.4: VMware's FrobOS test kernel).
;
; Why in the kernel: a virtual machine monitor treats guest kernel code and
; guest user code differently. A binary translator runs user code as it is
; and translates kernel code, so a `ret` costs a translation-cache look-up
; only in the kernel; a privileged operation (in, a TPR write, a PTE write)
; is only possible there. A user program asks for one test with
;
;       bench(test, n, arg)             ; SYS_BENCH, macro BENCH in lib.inc
;
; and the kernel runs n iterations of it in a loop in ring 0 (ring 1 under a
; software VMM) and returns how many of them checked out. Only the work of
; the test is inside the loop; the system call that asks for it happens
; once, so the difference between two runs with different n is n times the
; cost of one iteration. samples/bench/*.asm are the programs that call it.
;
; The system call runs with interrupts off (every gate is an interrupt gate,
; idt.asm), like FrobOS's tests, which never take interrupts. A timer tick
; that comes meanwhile waits at the PIC (a VT-x VMM with external-interrupt
; exiting still takes it in an exit); to keep ticks out of a measurement,
; build with the slowest timer, -dPIT_DIVISOR=65535 (pit.asm).
;
; Two tests make the kernel fault on purpose. A fault inside the kernel is
; a nested trap: trap_common saves a second, shorter frame (no SS:ESP, the
; CPU stays in the same ring, SDM 3A 6.12.1) and records it as the task's
; frame in P_FRAME, which trap_return then leaves through - back into the
; loop. sys_bench puts the system call's own frame back afterwards.

; The tests, BENCH_CALLRET ... BENCH_PTEMOD, are numbered in abi.inc.
bench_table:
        dd bench_callret, bench_in, bench_tpr, bench_pgfault, bench_divzero, bench_ptemod

; bench(test, n, arg): EBX test, ECX n (at least 1), EDX arg. Returns the
; number of iterations that checked out, or -1 for an unknown test or n = 0.
sys_bench:
        cmp ebx, BENCH_COUNT
        jae .refuse
        test ecx, ecx
        jz .refuse
        push ebp
        call [bench_table + ebx * 4]    ; EAX = iterations that checked out
        pop ebp
        mov ebx, [current]
        mov [ebx + P_FRAME], ebp        ; our frame again (a nested fault replaced it)
        ret
.refuse:
        mov eax, -1
        ret

; call/ret: `ret` is an indirect jump (its target comes from the stack).
bench_callret:
        xor eax, eax
.loop:
        call .subroutine
        dec ecx
        jnz .loop
        ret
.subroutine:
        inc eax
        ret

; in al, 0x80: the POST diagnostic port, which no minios device uses, so
; reading it disturbs nothing (see sys_inb).
bench_in:
        xor edx, edx
.loop:
        ARCH_INB POST_PORT              ; AL = the byte (its value depends on the machine)
        inc edx
        dec ecx
        jnz .loop
        mov eax, edx
        ret

; A write of 0 to the task-priority register (apic.asm): the lowest
; priority, every interrupt class allowed, so it changes nothing. Then the
; check: a value written is the value read back.
bench_tpr:
        push ecx
        xor edx, edx
.loop:
        ARCH_WRITE_TPR edx              ; EDX = 0
        dec ecx
        jnz .loop
        pop ecx                         ; n: the result, if the check passes
        mov edx, 0x20
        ARCH_WRITE_TPR edx
        ARCH_READ_TPR eax
        cmp eax, 0x20
        jne .wrong
        xor edx, edx
        ARCH_WRITE_TPR edx              ; back to 0
        ARCH_READ_TPR eax
        test eax, eax
        jnz .wrong
        mov eax, ecx
        ret
.wrong:
        xor eax, eax
        ret

; Read the two pages of the demand window (demand.asm) in turn, from ring 0:
; each read faults (not present), the page-fault handler moves the window's
; frame there, and the read runs again. Each read must find the value
; written through the other page one iteration earlier.
bench_pgfault:
        mov ebx, USER_DEMAND            ; the page to touch next
        xor edx, edx                    ; the value the frame holds (it starts zeroed)
        xor eax, eax
.loop:
        mov esi, [ebx]                  ; #PF: the kernel maps the page; we re-run
        cmp esi, edx
        jne .next
        inc eax
.next:
        mov [ebx], ecx                  ; no fault: the page is there now
        mov edx, ecx
        xor ebx, PAGE                   ; the other page of the window
        dec ecx
        jnz .loop
        ret

; div by 0 in ring 0. Natively that is a kernel bug (fault.asm panics), so
; the div is listed in kernel_fixups: the #DE handler resumes at the fixup
; instead, as Linux does for the instructions in its exception table.
bench_divzero:
        xor esi, esi
        xor ebx, ebx                    ; the divisor
.loop:
        mov eax, 1
        xor edx, edx
.div:
        div ebx                         ; #DE (SDM 3A 6.15, interrupt 0): a fault
        jmp .next                       ; (not reached: a div by 0 has no result)
.caught:
        inc esi
.next:
        dec ecx
        jnz .loop
        mov eax, esi
        ret

; Toggle the R/W bit of the PTE that maps user page EDX, in the caller's live
; page table, and read each write back. No invlpg in the loop: nobody touches
; the page meanwhile; at the end the page is writable again and flushed.
; Under shadow paging every one of these stores is traced (REFERENCE.md 5).
bench_ptemod:
        mov ebx, edx
        call paging_user_pte            ; EDI = the entry
        jc .refuse
        xor eax, eax
        mov edx, [edi]
.loop:
        xor edx, PTE_W
        ARCH_SET_PTE edi, edx
        cmp [edi], edx
        jne .next
        inc eax
.next:
        dec ecx
        jnz .loop
        or edx, PTE_W
        ARCH_SET_PTE edi, edx
        ARCH_INVLPG ebx
        ret
.refuse:
        mov eax, -1
        ret

; ---- faults the kernel expects ------------------------------------------
; Instructions that may fault in ring 0 on purpose, each with the address to
; resume at (Linux: the exception table, arch/x86/mm/extable.c).
kernel_fixups:
        dd bench_divzero.div, bench_divzero.caught
kernel_fixups_end:

; EBP = the trap frame of an exception in the kernel. If its EIP is in
; kernel_fixups, resume at the fixup and return CF=0. Else CF=1.
kernel_fixup:
        mov eax, [ebp + F_EIP]
        mov esi, kernel_fixups
.entry:
        cmp esi, kernel_fixups_end
        jae .none
        cmp eax, [esi]
        je .found
        add esi, 8
        jmp .entry
.found:
        mov eax, [esi + 4]
        mov [ebp + F_EIP], eax
        clc
        ret
.none:
        stc
        ret
