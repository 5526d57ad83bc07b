; hello.asm - hello from ring 3.
;
; The smallest minios program. user_main runs in ring 3 (CPL 3): it may not
; touch the console's I/O port itself, so it asks the kernel with a system
; call: `int 0x80` with EAX = SYS_WRITE, EBX = the text, ECX = its length.
; The CPU switches to ring 0 through the IDT gate for vector 0x80 (whose
; DPL 3 lets ring 3 use it), the kernel copies the bytes to the console, and
; IRET brings us back. Then exit(0) ends the task; with no task left the
; kernel prints its last line and stops the machine.
;
; expect: minios: starting 1 user task
; expect: hello from ring 3
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

user_main:
        PRINTLN "hello from ring 3"
        EXIT 0
