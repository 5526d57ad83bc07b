; ptemod.asm - nanobenchmark "ptemod" (Adams & Agesen, ASPLOS 2006, 6.4):
; the guest kernel writes a page-table entry that is in use.
;
; Each iteration calls protect(page, writable) (minios/syscall.asm): the
; kernel rewrites the R/W bit of the PTE that maps `page` in the caller's
; live page table and flushes that page's TLB entry with invlpg. The loop
; makes the page read-only and writable in turn; each call returns the
; previous R/W bit, which the program checks. At the end the page is
; writable again, and a write to it proves it.
; An iteration is a syscall round trip plus the PTE write and invlpg;
; subtract samples/bench/syscall.asm for those alone.
;
; Paper (REFERENCE.md 6): native about 1 cycle (a store), software VMM 391
; (the page table is write-protected to keep the shadow coherent; adaptive
; BT turns the faulting store into a short callout), hardware VMM 12733: a
; VM exit for the write to the traced page table - where first-generation
; VT-x lost most.
;
; expect: minios: starting 1 user task
; expect: ptemod: start, 1000 x protect(): the kernel rewrites one PTE
; expect: ptemod: end, 1000 of them returned the previous R/W bit
; expect: ptemod: the page is writable again
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%ifndef ITERATIONS
%define ITERATIONS 1000         ; -dITERATIONS=n; the expect lines assume 1000
%endif

user_main:
        PRINT "ptemod: start, "
        PRINT_DEC ITERATIONS
        PRINTLN " x protect(): the kernel rewrites one PTE"
        xor esi, esi                    ; calls that returned the previous bit
        mov edi, ITERATIONS
        xor ebp, ebp                    ; the R/W bit to set: 0 first
.loop:
        PROTECT page, ebp
        mov edx, ebp
        xor edx, 1                      ; what it was: the opposite
        cmp eax, edx
        jne .next
        inc esi
.next:
        xor ebp, 1
        dec edi
        jnz .loop
        PRINT "ptemod: end, "
        PRINT_DEC esi
        PRINTLN " of them returned the previous R/W bit"
        PROTECT page, 1                 ; (already writable if ITERATIONS is even)
        mov dword [page], 1             ; a read-only page would kill us here
        PRINTLN "ptemod: the page is writable again"
        cmp esi, ITERATIONS
        jne .wrong
        EXIT 0
.wrong:
        EXIT 1

        align 4096
page:   times 4096 db 0                 ; a page of its own: nothing else lives here
