; pgfault.asm - nanobenchmark "pgfault" (Adams & Agesen, ASPLOS 2006, 6.4):
; a true page fault, handled by the guest kernel, and the instruction re-run.
;
; minios maps a window of two pages at USER_DEMAND on demand, backed by ONE
; frame (minios/demand.asm): touching a page of the window that is not
; present raises #PF (error code P=0); the kernel unmaps the frame from the
; other page (invlpg), maps it at the touched page and IRETs to the faulting
; instruction, which now succeeds. The kernel's loop reads the two pages in
; turn, so every read faults; each finds the value written through the
; other page one iteration earlier.
;
; Paper (REFERENCE.md 6): native 1093 cycles, software VMM 3927, hardware
; VMM 11242. Under shadow paging both VMMs see the fault first and must
; decide whether it is the guest's ("true") or their own ("hidden"); VT-x
; pays a VM exit for the fault and more for the guest's PTE writes and
; invlpg - first-generation VT-x lost most here.
;
; The loop runs in the guest kernel (minios/kbench.asm), as the paper's
; tests ran in VMware's FrobOS test kernel: one bench() system call runs all
; ITERATIONS. Cycles of ITERATIONS=2000 minus ITERATIONS=1000, over 1000,
; are the cost of one iteration.
;
; expect: minios: starting 1 user task
; expect: pgfault: start, 1000 x a read of a page that is not present, in the kernel
; expect: pgfault: end, 1000 of them checked out
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%ifndef ITERATIONS
%define ITERATIONS 1000         ; -dITERATIONS=n; the expect lines assume 1000
%endif

user_main:
        PRINT "pgfault: start, "
        PRINT_DEC ITERATIONS
        PRINTLN " x a read of a page that is not present, in the kernel"
        BENCH BENCH_PGFAULT, ITERATIONS, 0
        mov esi, eax
        PRINT "pgfault: end, "
        PRINT_DEC esi
        PRINTLN " of them checked out"
        cmp esi, ITERATIONS
        jne .wrong
        EXIT 0
.wrong:
        EXIT 1
