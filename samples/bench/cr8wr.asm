; cr8wr.asm - nanobenchmark "cr8wr" (Adams & Agesen, ASPLOS 2006, 6.4),
; with a 32-bit stand-in: the guest kernel's `cli`.
;
; The paper writes 0 to CR8, the 64-bit task-priority register: a
; privileged write that changes nothing, that the BT VMM turns into a cheap
; inline store on its virtual CPU and on which a VT-x VMM does not exit.
; x86-32 has no CR8. The closest 32-bit operation is `cli` in the guest
; kernel: the other way a kernel controls which interrupts it takes, done
; all the time (around every critical section), and in the same position -
; BT translates it into a store to the virtual IF, VT-x has no exit for it
; (cli is not among the instructions that cause VM exits, SDM 3C 25.1.2-3;
; there is no "CLI exiting" control), paravirtualization makes
; it a store to the shared page, while trap-and-emulate traps on every one
; (the kernel runs in ring 1 with IOPL 0: #GP, SDM 3A 18.2). Like the
; paper's write of 0, it changes nothing: the cli() system call runs with
; interrupts already off (minios gates are interrupt gates), so the kernel
; never needs a matching sti - which would let the timer interrupt the
; kernel, which minios does not allow. A write to the PIC mask was the
; other candidate; it is an `out`, which VT-x VMMs intercept: not the
; paper's point.
;
; An iteration is a syscall round trip plus one `cli`; subtract
; samples/bench/syscall.asm for the `cli` alone.
;
; Paper (REFERENCE.md 6), for CR8: native about 140 cycles, software VMM 35
; (about four times faster than native), hardware VMM about native.
;
; expect: minios: starting 1 user task
; expect: cr8wr: start, 1000 x cli(): the kernel executes cli
; expect: cr8wr: end, 1000 of them returned 0
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%ifndef ITERATIONS
%define ITERATIONS 1000         ; -dITERATIONS=n; the expect lines assume 1000
%endif

user_main:
        PRINT "cr8wr: start, "
        PRINT_DEC ITERATIONS
        PRINTLN " x cli(): the kernel executes cli"
        xor esi, esi                    ; calls that returned 0
        mov edi, ITERATIONS
.loop:
        KERNEL_CLI
        test eax, eax
        jnz .next
        inc esi
.next:
        dec edi
        jnz .loop
        PRINT "cr8wr: end, "
        PRINT_DEC esi
        PRINTLN " of them returned 0"
        cmp esi, ITERATIONS
        jne .wrong
        EXIT 0
.wrong:
        EXIT 1
