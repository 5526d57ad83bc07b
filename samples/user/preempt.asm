; preempt.asm - the timer takes the CPU away from a task that never gives it up.
;
; Both tasks spin in a loop without any system call. Without the timer
; interrupt, whichever task runs first would spin forever. Every timer tick
; (IRQ 0) traps into the kernel, whose scheduler switches to the other task:
; that is preemption.
;
; The tasks talk through the page both can see (USER_SHARED): task 1 raises
; flag A after its first line, task 2 waits for A, prints, raises flag B;
; task 1 waits for B. Each line can only be printed after the one before it,
; so the output is the same however often the timer fires: how many ticks
; each spin took is never printed. (The flags are plain memory words; no
; locks are needed because each flag has one writer.)
;
; expect: minios: starting 2 user tasks
; expect: task 1: spinning, never calling the kernel
; expect: task 2: I ran while task 1 was still spinning
; expect: task 1: task 2 ran while I spun: the timer preempted me
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%define USER_TASK2 user_task2
FLAG_A  equ USER_SHARED
FLAG_B  equ USER_SHARED + 4

user_main:
        PRINTLN "task 1: spinning, never calling the kernel"
        mov dword [FLAG_A], 1
.spin:
        cmp dword [FLAG_B], 0
        je .spin
        PRINTLN "task 1: task 2 ran while I spun: the timer preempted me"
        EXIT 0

user_task2:
.spin:
        cmp dword [FLAG_A], 0
        je .spin
        PRINTLN "task 2: I ran while task 1 was still spinning"
        mov dword [FLAG_B], 1
        EXIT 0
