; ptemod.asm - nanobenchmark "ptemod" (Adams & Agesen, ASPLOS 2006, 6.4):
; the guest kernel writes a page-table entry that is in use.
;
; Each iteration the kernel flips the R/W bit of the PTE that maps `page`
; in this task's live page table, and reads the entry back. At the end the
; page is writable again (and flushed from the TLB), which a write proves.
;
; Paper (REFERENCE.md 6): native about 1 cycle (a store), software VMM 391
; (the page table is write-protected to keep the shadow coherent; adaptive
; BT turns the faulting store into a short callout), hardware VMM 12733: a
; VM exit for the write to the traced page table - where first-generation
; VT-x lost most.
;
; The loop runs in the guest kernel (minios/kbench.asm), as the paper's
; tests ran in VMware's FrobOS test kernel: one bench() system call runs all
; ITERATIONS. Cycles of ITERATIONS=2000 minus ITERATIONS=1000, over 1000,
; are the cost of one iteration.
;
; expect: minios: starting 1 user task
; expect: ptemod: start, 1000 x rewrite a live PTE, in the kernel
; expect: ptemod: end, 1000 of them checked out
; expect: ptemod: the page is writable again
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%ifndef ITERATIONS
%define ITERATIONS 1000         ; -dITERATIONS=n; the expect lines assume 1000
%endif

user_main:
        PRINT "ptemod: start, "
        PRINT_DEC ITERATIONS
        PRINTLN " x rewrite a live PTE, in the kernel"
        BENCH BENCH_PTEMOD, ITERATIONS, page
        mov esi, eax
        PRINT "ptemod: end, "
        PRINT_DEC esi
        PRINTLN " of them checked out"
        mov dword [page], 1             ; a read-only page would kill us here
        PRINTLN "ptemod: the page is writable again"
        cmp esi, ITERATIONS
        jne .wrong
        EXIT 0
.wrong:
        EXIT 1

        align 4096
page:   times 4096 db 0                 ; a page of its own: nothing else lives here
