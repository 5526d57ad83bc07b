; syscall.asm - a system call round trip, and checking what comes back.
;
; A system call is a deliberate trap: `int 0x80` from ring 3 enters the
; kernel through the one IDT gate ring 3 may use, the kernel does the work
; on the task's behalf, writes the result into the saved EAX, and IRET
; returns to the next instruction. Here we check the results:
;   - getpid() returns our task number, 1;
;   - write() returns how many bytes it wrote;
;   - write() with a KERNEL address returns -1. The kernel can read every
;     byte of memory, so it must check that a pointer from a user really
;     points at the user's own pages; otherwise any program could ask the
;     kernel to print kernel secrets for it (a "confused deputy").
;   - an unknown system call number returns -1.
;
; expect: minios: starting 1 user task
; expect: getpid() returned 1
; expect: a message from ring 3, via write()
; expect: write() returned 35, the length of the message
; expect: write(0x00100000, 16) returned -1: not our memory, refused
; expect: system call 99 returned -1: no such call
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

user_main:
        GETPID
        PRINT "getpid() returned "
        PRINT_DEC eax
        NEWLINE

        WRITE message, message_end - message
        PRINT "write() returned "
        PRINT_DEC eax
        cmp eax, message_end - message
        jne .wrong
        PRINTLN ", the length of the message"

        WRITE 0x00100000, 16            ; the kernel's first bytes
        cmp eax, -1
        jne .wrong
        PRINTLN "write(0x00100000, 16) returned -1: not our memory, refused"

        SYSCALL 99
        cmp eax, -1
        jne .wrong
        PRINTLN "system call 99 returned -1: no such call"
        EXIT 0
.wrong:
        PRINTLN " - unexpected!"
        EXIT 1

message:        db "a message from ring 3, via write()", 10
message_end:
