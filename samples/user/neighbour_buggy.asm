; neighbour_buggy.asm - the buggy program of neighbours.asm, alone on its own mini OS:
; one VM of two. Its pointer names task 1 of ITS kernel, which is itself, so
; the kernel's bug writes into its own copy; nothing outside its VM is reachable.
;
; expect: minios: starting 1 user task
; expect: buggy: asking the kernel for the tick count, with a pointer into task 1
; expect: buggy: the kernel wrote where I pointed
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"
%include "neighbour.inc"

user_main:
        jmp buggy
