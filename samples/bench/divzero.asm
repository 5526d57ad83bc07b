; divzero.asm - nanobenchmark "divzero" (Adams & Agesen, ASPLOS 2006, 6.4):
; a divide error (#DE), delivered to the guest kernel and survived.
;
; #DE is a fault like #PF, but no memory management is involved. The
; kernel's `div ebx` with EBX = 0 raises #DE (SDM 3A 6.15, interrupt 0); the
; kernel's exception handler finds the div in its fixup table
; (minios/kbench.asm) and resumes after it.
;
; Paper (REFERENCE.md 6): native 889 cycles, software VMM 3223 (the VMM
; takes the exception and reflects it into the guest), hardware VMM 1014:
; the exception goes straight to the guest when its bit in the VMCS
; exception bitmap is clear - no exit.
;
; The loop runs in the guest kernel (minios/kbench.asm), as the paper's
; tests ran in VMware's FrobOS test kernel: one bench() system call runs all
; ITERATIONS. Cycles of ITERATIONS=2000 minus ITERATIONS=1000, over 1000,
; are the cost of one iteration.
;
; expect: minios: starting 1 user task
; expect: divzero: start, 1000 x div by zero, in the kernel
; expect: divzero: end, 1000 of them checked out
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%ifndef ITERATIONS
%define ITERATIONS 1000         ; -dITERATIONS=n; the expect lines assume 1000
%endif

user_main:
        PRINT "divzero: start, "
        PRINT_DEC ITERATIONS
        PRINTLN " x div by zero, in the kernel"
        BENCH BENCH_DIVZERO, ITERATIONS, 0
        mov esi, eax
        PRINT "divzero: end, "
        PRINT_DEC esi
        PRINTLN " of them checked out"
        cmp esi, ITERATIONS
        jne .wrong
        EXIT 0
.wrong:
        EXIT 1
