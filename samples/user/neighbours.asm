; neighbours.asm - two processes on one kernel, as containers share a host's.
;
; Task 1 is the victim, task 2 the buggy program (neighbour.inc). Task 2
; reaches a kernel bug (ticks_to() does not check its pointer) and the
; kernel, which maps every task's memory, writes into task 1: a bug in the
; one shared kernel crosses the boundary between the processes. Run
; neighbour_victim.asm and neighbour_buggy.asm as two VMs to see the same bug stay inside one VM.
;
; expect: minios: starting 2 user tasks
; expect: buggy: asking the kernel for the tick count, with a pointer into task 1
; expect: buggy: the kernel wrote where I pointed
; expect: victim: my memory was changed, and not by me!
; expect: minios: all tasks exited, exit value 1

%include "lib.inc"
%include "neighbour.inc"
%define USER_TASK2 buggy

user_main:
        jmp victim
