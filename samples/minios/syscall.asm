; syscall.asm - the system calls, entered with `int 0x80` from ring 3.
;
; The caller's registers are in its trap frame (EBP): number in EAX,
; arguments in EBX, ECX, EDX. A handler returns its result in EAX and the
; dispatcher stores it in the frame's EAX, which the caller finds there
; after the IRET. Numbers are in abi.inc.

syscall_table:
        dd sys_exit, sys_write, sys_getpid, sys_yield
        dd sys_sleep, sys_wait, sys_iopl, sys_unplug_gate
        dd sys_inb, sys_cli, sys_protect, sys_catch
        dd sys_critical, sys_bench, sys_ticks_to
                                ; (same order as the numbers in abi.inc)

syscall_dispatch:
        mov eax, [ebp + F_EAX]
        cmp eax, SYS_COUNT
        jae .unknown                    ; unsigned: negative numbers too
        mov ebx, [ebp + F_EBX]
        mov ecx, [ebp + F_ECX]
        mov edx, [ebp + F_EDX]
        call [syscall_table + eax * 4]
        mov [ebp + F_EAX], eax
        ret
.unknown:
        mov dword [ebp + F_EAX], -1
        ret

; exit(code): never returns to the caller.
sys_exit:
        mov esi, [current]
        mov eax, ebx
        jmp proc_exit

; write(buf, len): copy len bytes from the caller's memory to the console.
sys_write:
        call user_range_ok              ; is buf .. buf+len-1 the caller's?
        jc .refuse
        mov esi, ebx
        mov eax, ecx                    ; result: bytes written
        test ecx, ecx
        jz .done
.byte:
        push eax
        lodsb                           ; a user address: mapped by the current CR3
        call console_putc
        pop eax
        loop .byte
.done:
        ret
.refuse:
        mov eax, -1
        ret

; getpid(): 1 or 2.
sys_getpid:
        mov eax, [current]
        mov eax, [eax + P_PID]
        ret

; yield(): let the other task run first, if it can.
sys_yield:
        call schedule
        xor eax, eax
        ret

; sleep(ticks): not runnable until `ticks` timer interrupts have happened.
sys_sleep:
        mov esi, [current]
        mov eax, [ticks]
        add eax, ebx
        mov [esi + P_WAKE_TICK], eax
        mov dword [esi + P_STATE], SLEEPING
        call schedule
        xor eax, eax
        ret

; wait(pid): block until task pid has exited; return its exit code.
sys_wait:
        cmp ebx, 1
        jb .refuse
        cmp ebx, NUSER
        ja .refuse
        mov esi, [current]
        cmp ebx, [esi + P_PID]
        je .refuse                      ; waiting for yourself: forever
        mov edi, ebx
        shl edi, 5                      ; * PROC_SIZE
        add edi, procs
        mov eax, [edi + P_STATE]
        cmp eax, UNUSED
        je .refuse
        cmp eax, ZOMBIE
        jne .block
        mov eax, [edi + P_EXIT_CODE]    ; already done
        ret
.block:
        mov [esi + P_WAIT_PID], ebx
        mov dword [esi + P_STATE], WAITING
        call schedule
        xor eax, eax                    ; proc_exit overwrites this in the frame
        ret
.refuse:
        mov eax, -1
        ret

; iopl(level): set EFLAGS.IOPL in the caller's saved EFLAGS. The IRET that
; returns to the caller loads it: only ring 0 may change IOPL (SDM 3A
; 2.3, IRET in SDM 2A). With IOPL 3, ring 3 may use in/out/cli/sti.
; Linux demands a capability for this; minios trusts every program.
sys_iopl:
        cmp ebx, 3
        ja .refuse
        mov eax, [ebp + F_EFLAGS]
        and eax, ~EFLAGS_IOPL
        shl ebx, 12
        or eax, ebx
        mov [ebp + F_EFLAGS], eax
        xor eax, eax
        ret
.refuse:
        mov eax, -1
        ret

; unplug_gate(vector): TEACHING ONLY. Mark the IDT gate of exception
; `vector` (0-19, not 8) not present, so the next such exception cannot be
; delivered. See samples/user/double_fault.asm.
sys_unplug_gate:
        cmp ebx, 19
        ja .refuse
        cmp ebx, 8
        je .refuse                      ; without a #DF gate: triple fault, reset
        mov eax, ebx
        call idt_unplug_gate
        xor eax, eax
        ret
.refuse:
        mov eax, -1
        ret

; ticks_to(where): the tick count, stored at `where`. The bug is the missing
; check: sys_write asks user_range_ok whether the caller's buffer is the
; caller's; this handler writes through EBX whatever it holds. In ring 0 the
; whole kernel map is writable, and it maps every task's frames (the first
; 4 MiB, identity), so a process that names another task's frame writes into
; that task. Kept on purpose, for the containers-against-VMs samples.
sys_ticks_to:
        mov eax, [ticks]
.bug:   mov [ebx], eax                  ; BUG (on purpose): EBX is not checked
        xor eax, eax
        ret

; inb(port): read one byte from an I/O port in ring 0, for a task that has
; no IOPL. Only port 0x80 is allowed: the POST diagnostic port, which no
; device of minios uses, so reading it disturbs nothing (reading the PIC or
; the timer behind the kernel's back could). samples/bench/in.asm times it.
POST_PORT       equ 0x80

sys_inb:
        cmp ebx, POST_PORT
        jne .refuse
        xor eax, eax
        ARCH_INB POST_PORT              ; IOPL-sensitive; CPL 0 may (SDM 3A 18.2)
        ret
.refuse:
        mov eax, -1
        ret

; cli(): the kernel executes one `cli` and returns. A system call runs with
; interrupts off already (every gate is an interrupt gate, idt.asm), so the
; write changes nothing - and that is the point: it is the privileged write
; a kernel does all the time (disabling interrupts around a critical
; section), here without side effects. samples/bench/cr8wr.asm times it.
sys_cli:
        ARCH_CLI
        xor eax, eax
        ret

; critical(): a critical section the way xv6 brackets one (pushcli/popcli,
; REFERENCE.md 7): save EFLAGS, disable interrupts, do the work, and restore
; the SAVED interrupt flag with popfd, so that nested sections do not turn
; interrupts back on too early. In ring 0 popfd restores IF. In ring 1 under
; a trap-and-emulate VMM on the x86 rules it silently does not: pushfd shows
; the real IF, popfd drops the change - two virtualization holes, one call.
sys_critical:
        ARCH_PUSH_FLAGS                 ; remember IF (pushfd: behaviour-sensitive)
        ARCH_CLI
        mov eax, [ticks]                ; the "work": read what the timer changes
        ARCH_POP_FLAGS                  ; IF back as it was (popfd: control-sensitive, no trap)
        ret

; protect(addr, writable): set or clear the R/W bit of the caller's page
; at addr, like mprotect(2) for one page. Rewrites the live page-table
; entry, then flushes its TLB entry: the CPU may still hold the old
; permission (SDM 3A 4.10.4.2). Returns the previous R/W bit.
sys_protect:
        cmp ecx, 1
        ja .refuse
        call paging_user_pte            ; EDI = the entry
        jc .refuse
        mov edx, [edi]
        mov eax, edx
        shr eax, 1                      ; R/W is bit 1
        and eax, 1
        and edx, ~PTE_W
        shl ecx, 1
        or edx, ecx
        ARCH_SET_PTE edi, edx
        ARCH_INVLPG ebx
        ret
.refuse:
        mov eax, -1
        ret
