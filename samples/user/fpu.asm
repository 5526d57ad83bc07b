; fpu.asm - a floating-point instruction on a CPU without an FPU.
;
; RingScope models the integer i686 only: CPUID says FPU = 0, and the kernel
; sets CR0.EM ("emulate the FPU") as the SDM asks of a system without one
; (SDM 3A 2.5, 9.2.1). Then every x87 instruction - here fld1, bytes D9 E8 -
; raises #NM, "device not available" (vector 7), in whatever ring it runs,
; before it does anything. A kernel could decode the instruction and emulate
; it in software (Linux did, for the 386 and 486SX); the same fault, with
; CR0.TS, is how kernels switch FPU state lazily between tasks. minios just
; ends the program. WAIT (FWAIT) is not an x87 computation: with EM = 1 and
; TS = 0 it runs. A C program stays clear of all this when built with
; -mgeneral-regs-only (docs/c-programs.md).
;
; expect: minios: starting 1 user task
; expect: task 1: wait runs: EM=1 does not stop it
; expect: task 1: now fld1
; expect: task 1 killed: device not available (#NM)
; expect: minios: all tasks exited, exit value 255

%include "lib.inc"

user_main:
        wait
        PRINTLN "task 1: wait runs: EM=1 does not stop it"
        PRINTLN "task 1: now fld1"
        db 0xD9, 0xE8                   ; fld1: push 1.0 on the x87 stack (RingScope has no x87 mnemonics)
        PRINTLN "task 1: not reached"
        EXIT 0
