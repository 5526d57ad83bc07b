; cli.asm - a ring-3 `cli` is killed with a general protection fault.
;
; `cli` clears EFLAGS.IF: no more interrupts, so no timer, so no scheduler.
; If any program could do that, one program could take the machine for
; itself. The CPU allows cli only when CPL <= IOPL (SDM 3A 18.2); minios
; runs user tasks with IOPL 0, so at CPL 3 the CPU raises #GP instead of
; executing it. The kernel's #GP handler reads the faulting instruction,
; names it, and kills the task. The kernel itself goes on.
;
; expect: minios: starting 1 user task
; expect: task 1: about to execute cli in ring 3
; expect: task 1 killed: general protection fault (cli in ring 3 with IOPL 0)
; expect: minios: all tasks exited, exit value 255

%include "lib.inc"

user_main:
        PRINTLN "task 1: about to execute cli in ring 3"
        cli
        PRINTLN "task 1: cli worked?! (this line never appears)"
        EXIT 0
