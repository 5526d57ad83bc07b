; callret.asm - nanobenchmark "call/ret" (Adams & Agesen, ASPLOS 2006, 6.4):
; call a subroutine that returns at once, over and over.
;
; `call` is a direct jump, `ret` an INDIRECT one: its target comes from the
; stack. Natively both are cheap (return-stack prediction). A binary
; translator cannot jump to a guest address: it must look the return
; address up in its translation cache, and that look-up is the cost.
;
; Paper (REFERENCE.md 6): native 11 cycles, software VMM 51 (indirect
; control flow costs about 40), hardware VMM 11.
;
; Caution: the paper's test ran in the guest KERNEL (VMware's FrobOS test
; kernel); this one runs in ring 3, and BT runs user code directly. So under
; RingScope's binary translation this loop runs at native speed; the
; paper's +40 cycles show only in translated (kernel) code.
;
; expect: minios: starting 1 user task
; expect: callret: start, 1000 x call + ret
; expect: callret: end, the subroutine ran 1000 times
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%ifndef ITERATIONS
%define ITERATIONS 1000         ; -dITERATIONS=n; the expect lines assume 1000
%endif

user_main:
        PRINT "callret: start, "
        PRINT_DEC ITERATIONS
        PRINTLN " x call + ret"
        xor esi, esi                    ; times the subroutine ran
        mov edi, ITERATIONS
.loop:
        call subroutine
        dec edi
        jnz .loop
        PRINT "callret: end, the subroutine ran "
        PRINT_DEC esi
        PRINTLN " times"
        cmp esi, ITERATIONS
        jne .wrong
        EXIT 0
.wrong:
        EXIT 1

subroutine:
        inc esi
        ret
