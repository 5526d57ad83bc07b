; sysenter.asm - the fast system call entry (SYSENTER), beside int 0x80.
;
; `int 0x80` reads a gate from the IDT, checks its DPL, loads SS0:ESP0 from
; the TSS and pushes five words. SYSENTER skips all of that (SDM 2B,
; SYSENTER): it loads CS from MSR IA32_SYSENTER_CS (SS = that + 8), EIP
; and ESP from two more MSRs, clears IF, and saves NOTHING. So the caller
; must tell the kernel where to come back to. minios's convention:
;
;       EAX number, EBX/ECX/EDX arguments (as for int 0x80),
;       EBP = the caller's ESP, ESI = the address to return to.
;
; The entry code below builds the same trap frame int 0x80 would have
; built, so the rest of the kernel cannot tell the two apart, and returns
; with the usual IRET. (Linux returns with SYSEXIT when it can; IRET is
; slower but always correct, and keeps one way out of the kernel.)
;
; Our GDT already has the layout SYSENTER/SYSEXIT assume: kernel code,
; kernel data = code + 8, user code = code + 16, user data = code + 24.

IA32_SYSENTER_CS  equ 0x174
IA32_SYSENTER_ESP equ 0x175
IA32_SYSENTER_EIP equ 0x176

sysenter_init:
        xor edx, edx                    ; the MSRs' high halves
        mov ecx, IA32_SYSENTER_CS
        mov eax, KERNEL_CS
        ARCH_WRMSR
        mov ecx, IA32_SYSENTER_ESP      ; a stack for the first instructions only
        mov eax, sysenter_stack_top
        ARCH_WRMSR
        mov ecx, IA32_SYSENTER_EIP
        mov eax, sysenter_entry
        ARCH_WRMSR
        ret

sysenter_entry:                         ; CPL 0, IF = 0, ESP = sysenter_stack_top
        mov esp, [tss + TSS_ESP0]       ; the running task's kernel stack
        push USER_DS                    ; SS  } what the CPU pushes for int 0x80
        push ebp                        ; ESP }  (SDM 3A 6.12.1)
        pushfd                          ; EFLAGS: the user's, except IF, which
        or dword [esp], EFLAGS_IF       ;   SYSENTER cleared; ring 3 always runs with IF=1
        push USER_CS                    ; CS
        push esi                        ; EIP
        push 0                          ; error code
        push SYSCALL_VECTOR             ; "this is a system call"
        jmp trap_common

        times (4 - (($ - $$) % 4)) % 4 db 0
sysenter_stack: times 16 dd 0           ; used by no instruction before the mov esp
sysenter_stack_top:
