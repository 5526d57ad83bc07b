; pgfault.asm - nanobenchmark "pgfault" (Adams & Agesen, ASPLOS 2006, 6.4):
; a true page fault, handled by the guest kernel, and the instruction re-run.
;
; minios maps a window of two pages at USER_DEMAND on demand, backed by ONE
; frame (minios/demand.asm): touching a page of the window that is not
; present raises #PF (error code P=0); the kernel unmaps the frame from the
; other page (invlpg), maps it at the touched page and IRETs to the faulting
; instruction, which now succeeds. This loop reads the two pages in turn,
; so every read faults. The frame moves with its bytes: each read finds the
; value written through the other page one iteration earlier, which the
; program checks.
;
; Paper (REFERENCE.md 6): native 1093 cycles, software VMM 3927, hardware
; VMM 11242. Under shadow paging both VMMs see the fault first and must
; decide whether it is the guest's ("true") or their own ("hidden"); VT-x
; pays a VM exit for the fault and more for the guest's PTE writes and
; invlpg - first-generation VT-x lost most here.
;
; expect: minios: starting 1 user task
; expect: pgfault: start, 1000 reads alternating between two demand pages
; expect: pgfault: end, 1000 reads found the value written before the fault
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%ifndef ITERATIONS
%define ITERATIONS 1000         ; -dITERATIONS=n; the expect lines assume 1000
%endif

user_main:
        PRINT "pgfault: start, "
        PRINT_DEC ITERATIONS
        PRINTLN " reads alternating between two demand pages"
        mov ebx, USER_DEMAND            ; the page to touch next
        xor ecx, ecx                    ; the value the frame holds (it starts zeroed)
        xor esi, esi                    ; reads that found it
        mov edi, ITERATIONS
.loop:
        mov eax, [ebx]                  ; #PF: not present; the kernel maps it, we re-run
        cmp eax, ecx
        jne .next
        inc esi
.next:
        mov [ebx], edi                  ; no fault: the page is there now
        mov ecx, edi
        xor ebx, 0x1000                 ; the other page of the window
        dec edi
        jnz .loop
        PRINT "pgfault: end, "
        PRINT_DEC esi
        PRINTLN " reads found the value written before the fault"
        cmp esi, ITERATIONS
        jne .wrong
        EXIT 0
.wrong:
        EXIT 1
