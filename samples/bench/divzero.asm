; divzero.asm - nanobenchmark "divzero" (Adams & Agesen, ASPLOS 2006, 6.4):
; a divide error (#DE), delivered to the guest and survived.
;
; #DE is a fault like #PF, but no memory management is involved. The task
; registers a handler with catch(0, handler) (minios/catch.asm); on each
; `div ebx` with EBX = 0 the CPU raises #DE (SDM 3A 6.15, interrupt 0), the
; kernel pushes the faulting EIP on the task's stack and resumes the task in
; the handler, which steps over the 2-byte `div` and returns.
; An iteration is: the fault into ring 0, the kernel's handling, the IRET to
; the handler, its `ret`.
;
; Paper (REFERENCE.md 6): native 889 cycles, software VMM 3223 (the VMM
; takes the exception and reflects it into the guest), hardware VMM 1014:
; the exception goes straight to the guest when its bit in the VMCS
; exception bitmap is clear - no exit.
;
; expect: minios: starting 1 user task
; expect: divzero: start, 1000 x div by zero, caught by the task's handler
; expect: divzero: end, 1000 divide errors caught and stepped over
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%ifndef ITERATIONS
%define ITERATIONS 1000         ; -dITERATIONS=n; the expect lines assume 1000
%endif

user_main:
        CATCH 0, on_divide_error
        test eax, eax
        jnz wrong
        PRINT "divzero: start, "
        PRINT_DEC ITERATIONS
        PRINTLN " x div by zero, caught by the task's handler"
        xor esi, esi                    ; divide errors caught
        mov edi, ITERATIONS
        xor ebx, ebx                    ; the divisor
divide_loop:
        mov eax, 1
        xor edx, edx
faulting_div:
        div ebx                         ; #DE: a fault, EIP stays here
after_div:
        dec edi
        jnz divide_loop
        PRINT "divzero: end, "
        PRINT_DEC esi
        PRINTLN " divide errors caught and stepped over"
        cmp esi, ITERATIONS
        jne wrong
        EXIT 0
wrong:
        EXIT 1

; [esp] = the EIP of the faulting `div`. Resume after it.
on_divide_error:
        inc esi
        add dword [esp], after_div - faulting_div
        ret
