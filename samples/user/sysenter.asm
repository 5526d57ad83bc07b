; sysenter.asm - the fast way into the kernel: SYSENTER instead of int 0x80.
;
; `int 0x80` makes the CPU read an IDT gate, check privilege, fetch the
; kernel stack from the TSS and push five words: general, and slow.
; SYSENTER (Pentium II and later) jumps straight to a kernel entry point
; whose CS, EIP and ESP the kernel put in model-specific registers at boot
; (wrmsr, ring 0 only). It saves nothing, so we pass our stack pointer and
; return address in registers (the FAST_SYSCALL macro in lib.inc).
; The kernel turns the entry into the same trap frame as int 0x80, so every
; system call works both ways: here write() and 1000 getpid() calls.
;
; expect: minios: starting 1 user task
; expect: task 1: write() through sysenter
; expect: task 1: 1000 getpid() calls through sysenter, all returned 1
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

CALLS   equ 1000

user_main:
        mov ebx, line
        mov ecx, line_end - line
        FAST_SYSCALL SYS_WRITE
        cmp eax, line_end - line
        jne .wrong

        xor edi, edi                    ; calls that returned 1
        mov ecx, CALLS                  ; preserved across system calls
.loop:
        FAST_SYSCALL SYS_GETPID
        cmp eax, 1
        jne .next
        inc edi
.next:
        loop .loop
        cmp edi, CALLS
        jne .wrong
        PRINTLN "task 1: 1000 getpid() calls through sysenter, all returned 1"
        mov ebx, 0
        FAST_SYSCALL SYS_EXIT
.wrong:
        PRINTLN "task 1: unexpected result"
        EXIT 1

line:   db "task 1: write() through sysenter", 10
line_end:
