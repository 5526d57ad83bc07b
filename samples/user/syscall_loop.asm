; syscall_loop.asm - a busy system-call loop: 1000 round trips to ring 0.
;
; Each getpid() is a full ring crossing: int 0x80 (ring 3 -> 0, the CPU
; loads SS0:ESP0 from the TSS and pushes five words), a few instructions of
; kernel, IRET (ring 0 -> 3). The call itself is nearly free; the crossing
; is the cost. This is the workload that makes virtualization techniques
; differ: natively each call is one trap; under trap-and-emulate or binary
; translation the hypervisor is involved in every one. Only the count is
; printed, never a time, so the output is the same on every machine.
;
; expect: minios: starting 1 user task
; expect: task 1: 1000 getpid() calls, all returned 1
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

CALLS   equ 1000

user_main:
        xor esi, esi                    ; calls that returned 1
        mov edi, CALLS                  ; system calls preserve ESI and EDI
.loop:
        GETPID
        cmp eax, 1
        jne .next
        inc esi
.next:
        dec edi
        jnz .loop
        PRINT "task 1: "
        PRINT_DEC CALLS
        PRINT " getpid() calls, all returned "
        cmp esi, CALLS
        jne .wrong
        PRINTLN "1"
        EXIT 0
.wrong:
        PRINT_DEC esi
        PRINTLN " of them returned 1 - unexpected!"
        EXIT 1
