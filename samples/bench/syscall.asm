; syscall.asm - nanobenchmark "syscall" (Adams & Agesen, ASPLOS 2006, 6.4):
; the round trip from ring 3 into the kernel and back.
;
; Each iteration is one getpid() through `int 0x80`: the CPU switches to the
; kernel stack from the TSS and pushes five words (SDM 3A 6.12.1), the
; kernel saves the registers, looks up the call, returns with IRET. The work
; of getpid itself is a few instructions: the crossing is the cost.
; Paper (REFERENCE.md 6): the software VMM (BT) pays about 2000 cycles more
; than native per call, because kernel entry and exit go through the VMM and
; translated code; the hardware VMM (VT-x) runs it at native speed - no exit.
;
; The measured part lies between the "start" and "end" lines: ITERATIONS
; calls and the loop around them (cmp, jne, inc, dec, jnz). The other
; nanobenchmarks that enter the kernel (in, cr8wr, ptemod) repeat this
; round trip: subtract this one to get the cost of their operation.
;
; expect: minios: starting 1 user task
; expect: syscall: start, 1000 x getpid() through int 0x80
; expect: syscall: end, 1000 of them returned 1
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%ifndef ITERATIONS
%define ITERATIONS 1000         ; -dITERATIONS=n; the expect lines assume 1000
%endif

user_main:
        PRINT "syscall: start, "
        PRINT_DEC ITERATIONS
        PRINTLN " x getpid() through int 0x80"
        xor esi, esi                    ; calls that returned 1
        mov edi, ITERATIONS             ; system calls preserve ESI, EDI, EBP
.loop:
        GETPID
        cmp eax, 1
        jne .next
        inc esi
.next:
        dec edi
        jnz .loop
        PRINT "syscall: end, "
        PRINT_DEC esi
        PRINTLN " of them returned 1"
        cmp esi, ITERATIONS
        jne .wrong
        EXIT 0
.wrong:
        EXIT 1
