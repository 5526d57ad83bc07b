; sleep.asm - blocking: sleep() and wait() give the CPU away until something happens.
;
; Task 1 sleeps for 3 timer ticks: the kernel marks it SLEEPING and the
; timer interrupt wakes it. Task 2 waits for task 1 to exit: the kernel
; marks it WAITING and task 1's exit() wakes it with the exit code. While
; both are blocked, nobody can run, and the kernel's idle task halts the
; CPU (hlt) until the next interrupt. Nothing printed depends on how long
; a tick is.
;
; expect: minios: starting 2 user tasks
; expect: task 1: sleeping for 3 ticks
; expect: task 1: awake, exiting with code 7
; expect: task 2: task 1 exited with code 7
; expect: minios: all tasks exited, exit value 7

%include "lib.inc"

%define USER_TASK2 user_task2

user_main:
        PRINTLN "task 1: sleeping for 3 ticks"
        SLEEP 3
        PRINTLN "task 1: awake, exiting with code 7"
        EXIT 7

user_task2:
        WAITPID 1
        PRINT "task 2: task 1 exited with code "
        PRINT_DEC eax
        NEWLINE
        EXIT 0
