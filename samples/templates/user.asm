; A new user program for the mini OS (File > New > User program).
;
; It runs in ring 3, as a task of the mini OS kernel (samples/minios). Ring 3
; may compute, read and write its own memory, and jump around its own code;
; anything that touches the machine - the console, the timer, the page tables,
; the interrupt flag - belongs to ring 0, so it asks the kernel with a system
; call. lib.inc has the calls as macros: PRINTLN "text", EXIT code, and the
; numbers (SYS_WRITE, SYS_EXIT, ...) for writing int 0x80 by hand.
;
; Ctrl+R assembles and runs it; watch the token cross from ring 3 to ring 0
; and back at each int 0x80. Things to try:
;   - uncomment the cli below: a privileged instruction in ring 3 is a #GP,
;     and the kernel kills the task;
;   - change the technique in the setup bar: the same program under a VMM;
;   - write to address 0: a page fault (ring 3 cannot touch the kernel's page).
;
; expect: minios: starting 1 user task
; expect: hello from my program
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

user_main:
        PRINTLN "hello from my program"
        ; cli                       ; try it: #GP(0) - CPL 3 > IOPL 0
        ; mov dword [0], 1          ; try it: #PF - the page is not the user's
        EXIT 0
