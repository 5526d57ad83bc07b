; neighbour_victim.asm - the victim of neighbours.asm, alone on its own mini OS: one VM
; of two (ringscope run --technique hardware-assisted --vm neighbour_victim.asm --vm neighbour_buggy.asm).
;
; expect: minios: starting 1 user task
; expect: victim: my memory is as I left it
; expect: victim: my memory is as I left it
; expect: victim: my memory is as I left it
; expect: victim: my memory is as I left it
; expect: victim: my memory is as I left it
; expect: victim: done, untouched
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"
%include "neighbour.inc"

user_main:
        jmp victim
