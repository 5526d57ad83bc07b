; tour.asm - one of each: the five moments to step through side by side.
;
; Open this program, choose Compare > Compare techniques side by side, and
; press Step (or Play): every pane runs the same guest instruction, so you
; see what each technique pays for
;   1. a system call (int 0x80 into the kernel and iretd back),
;   2. a cli in the kernel (privileged: a trap, a callout, a store, or nothing),
;   3. pushfd/cli/popfd in the kernel, xv6's pushcli/popcli (the x86 holes:
;      in ring 1 pushfd shows the real IF and popfd silently drops IF),
;   4. a page-table switch (yield to task 2: the scheduler loads CR3),
;   5. an I/O access in the kernel (in al, 0x80: an exit under VT-x, an
;      emulated port under binary translation).
; Each line is printed just before its moment.
;
; expect: minios: starting 2 user tasks
; expect: tour: 1. a system call: getpid() says 1
; expect: tour: 2. cli in the kernel
; expect: tour: 3. pushfd, cli, popfd in the kernel (xv6's pushcli/popcli)
; expect: tour: 4. yield: a page-table switch to task 2 and back
; expect: tour: task 2 runs in its own address space
; expect: tour: 5. in al, 0x80 in the kernel
; expect: tour: done
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%define USER_TASK2 user_task2
TURN_2  equ USER_SHARED                 ; task 1 sets it: task 2 may print
DONE_2  equ USER_SHARED + 4             ; task 2 sets it: task 1 may go on

user_main:
        GETPID
        mov esi, eax
        PRINT "tour: 1. a system call: getpid() says "
        PRINT_DEC esi
        NEWLINE
        PRINTLN "tour: 2. cli in the kernel"
        KERNEL_CLI
        PRINTLN "tour: 3. pushfd, cli, popfd in the kernel (xv6's pushcli/popcli)"
        CRITICAL
        PRINTLN "tour: 4. yield: a page-table switch to task 2 and back"
        mov dword [TURN_2], 1
        YIELD
.wait:
        cmp dword [DONE_2], 0
        je .wait
        PRINTLN "tour: 5. in al, 0x80 in the kernel"
        INB 0x80
        PRINTLN "tour: done"
        EXIT 0

user_task2:
.wait:
        cmp dword [TURN_2], 0
        je .wait
        PRINTLN "tour: task 2 runs in its own address space"
        mov dword [DONE_2], 1
        EXIT 0
