; address_space.asm - same address, different memory: one page directory per task.
;
; Both tasks run the same program, so they use the same addresses: the
; variable `value` is at the same linear address in each. But every task
; has its own page directory (CR3, switched by the scheduler), and minios
; maps the program's pages to a private copy per task. So when task 2
; stores 222 into `value`, task 1's `value` is still 111. Only the page at
; USER_SHARED is mapped to the same frame in both, which is how they agree
; on the order of their lines.
;
; expect: minios: starting 2 user tasks
; expect: task 1: value = 111
; expect: task 2: stored 222 at the same address, value = 222
; expect: task 1: value = 111 still: task 2 wrote to its own copy
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%define USER_TASK2 user_task2
FLAG_A  equ USER_SHARED
FLAG_B  equ USER_SHARED + 4

user_main:
        mov dword [value], 111
        PRINT "task 1: value = "
        PRINT_DEC [value]
        NEWLINE
        mov dword [FLAG_A], 1           ; task 2, your turn
.wait:
        YIELD                           ; no need to spin: give the CPU away
        cmp dword [FLAG_B], 0
        je .wait
        PRINT "task 1: value = "
        PRINT_DEC [value]
        PRINTLN " still: task 2 wrote to its own copy"
        EXIT 0

user_task2:
.wait:
        cmp dword [FLAG_A], 0
        jne .go
        YIELD
        jmp .wait
.go:
        mov dword [value], 222
        PRINT "task 2: stored 222 at the same address, value = "
        PRINT_DEC [value]
        NEWLINE
        mov dword [FLAG_B], 1
        EXIT 0

value:  dd 0
