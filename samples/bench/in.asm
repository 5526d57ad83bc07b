; in.asm - nanobenchmark "in" (Adams & Agesen, ASPLOS 2006, 6.4): an `in`
; from port 0x80, the POST diagnostic port, executed by the guest KERNEL.
;
; Paper (REFERENCE.md 6): native 3209 cycles (the port is a slow off-chip
; register), software VMM about 214 - fifteen times FASTER than native,
; because the translated `in` is emulated in the VMM without touching the
; device - and hardware VMM 15826: every `in` is a VM exit (I/O
; instruction, exit reason 30) plus the same emulation.
;
; The byte's value is not checked: it depends on the machine (QEMU returns
; 0xFF for an unused port).
;
; The loop runs in the guest kernel (minios/kbench.asm), as the paper's
; tests ran in VMware's FrobOS test kernel: one bench() system call runs all
; ITERATIONS. Cycles of ITERATIONS=2000 minus ITERATIONS=1000, over 1000,
; are the cost of one iteration.
;
; expect: minios: starting 1 user task
; expect: in: start, 1000 x in al, 0x80, in the kernel
; expect: in: end, 1000 of them checked out
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%ifndef ITERATIONS
%define ITERATIONS 1000         ; -dITERATIONS=n; the expect lines assume 1000
%endif

user_main:
        PRINT "in: start, "
        PRINT_DEC ITERATIONS
        PRINTLN " x in al, 0x80, in the kernel"
        BENCH BENCH_IN, ITERATIONS, 0
        mov esi, eax
        PRINT "in: end, "
        PRINT_DEC esi
        PRINTLN " of them checked out"
        cmp esi, ITERATIONS
        jne .wrong
        EXIT 0
.wrong:
        EXIT 1
