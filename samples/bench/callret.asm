; callret.asm - nanobenchmark "call/ret" (Adams & Agesen, ASPLOS 2006, 6.4):
; call a subroutine that returns at once, over and over, in the kernel.
;
; `call` is a direct jump, `ret` an INDIRECT one: its target comes from the
; stack. Natively both are cheap (return-stack prediction). A binary
; translator cannot jump to a guest address: it must look the return
; address up in its translation cache, and that look-up is the cost. It
; translates only kernel code (user code runs as it is), which is why this
; test, like the paper's, runs in the kernel.
;
; Paper (REFERENCE.md 6): native 11 cycles, software VMM 51 (indirect
; control flow costs about 40), hardware VMM 11.
;
; The loop runs in the guest kernel (minios/kbench.asm), as the paper's
; tests ran in VMware's FrobOS test kernel: one bench() system call runs all
; ITERATIONS. Cycles of ITERATIONS=2000 minus ITERATIONS=1000, over 1000,
; are the cost of one iteration.
;
; expect: minios: starting 1 user task
; expect: callret: start, 1000 x call + ret, in the kernel
; expect: callret: end, 1000 of them checked out
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%ifndef ITERATIONS
%define ITERATIONS 1000         ; -dITERATIONS=n; the expect lines assume 1000
%endif

user_main:
        PRINT "callret: start, "
        PRINT_DEC ITERATIONS
        PRINTLN " x call + ret, in the kernel"
        BENCH BENCH_CALLRET, ITERATIONS, 0
        mov esi, eax
        PRINT "callret: end, "
        PRINT_DEC esi
        PRINTLN " of them checked out"
        cmp esi, ITERATIONS
        jne .wrong
        EXIT 0
.wrong:
        EXIT 1
