; cr8wr.asm - nanobenchmark "cr8wr" (Adams & Agesen, ASPLOS 2006, 6.4): the
; kernel writes the task-priority register.
;
; The paper writes CR8, the task-priority register of 64-bit mode. x86-32
; has no CR8; the same register is the local APIC's TPR, memory-mapped at
; 0xFEE00080 (SDM 3A 10.8.3.1, 10.8.6.1; minios/apic.asm). Each iteration
; stores 0 there (every interrupt class allowed: it changes nothing); at
; the end the kernel writes 0x20, reads it back, and writes 0 again.
; A VMM cannot let the guest write the real TPR, which decides the real
; CPU's interrupts: natively the write is a serializing access to the APIC;
; binary translation rewrites the store into an update of a virtual TPR;
; VT-x's TPR shadow lets it go to the virtual-APIC page without an exit
; (unless it drops below the TPR threshold); trap-and-emulate keeps the APIC
; page out of the shadow page tables and emulates each faulting store; the
; paravirtual kernel stores to its shared page (arch_pv.inc).
;
; Paper (REFERENCE.md 6), for CR8: native about 140 cycles, software VMM 35
; (about four times faster than native), hardware VMM about native.
;
; The loop runs in the guest kernel (minios/kbench.asm), as the paper's
; tests ran in VMware's FrobOS test kernel: one bench() system call runs all
; ITERATIONS. Cycles of ITERATIONS=2000 minus ITERATIONS=1000, over 1000,
; are the cost of one iteration.
;
; expect: minios: starting 1 user task
; expect: cr8wr: start, 1000 x write 0 to the TPR, in the kernel
; expect: cr8wr: end, 1000 of them checked out
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%ifndef ITERATIONS
%define ITERATIONS 1000         ; -dITERATIONS=n; the expect lines assume 1000
%endif

user_main:
        PRINT "cr8wr: start, "
        PRINT_DEC ITERATIONS
        PRINTLN " x write 0 to the TPR, in the kernel"
        BENCH BENCH_TPR, ITERATIONS, 0
        mov esi, eax
        PRINT "cr8wr: end, "
        PRINT_DEC esi
        PRINTLN " of them checked out"
        cmp esi, ITERATIONS
        jne .wrong
        EXIT 0
.wrong:
        EXIT 1
