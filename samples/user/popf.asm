; popf.asm - `popfd` in ring 3 cannot clear IF, and does not say so.
;
; `cli` in ring 3 faults (see cli.asm). But popfd can also write EFLAGS.IF,
; and at CPL > IOPL the CPU simply KEEPS the old IF, and at CPL > 0 the
; old IOPL, without any fault (SDM 2B, POPF: "the IF flag is not changed").
; The instruction "works", the change silently does not happen.
; This is one of the x86 instructions that broke Popek and Goldberg's rule
; for virtualization: a kernel moved out of ring 0 by a hypervisor would
; run popfd expecting to disable interrupts, and nothing would trap to let
; the hypervisor notice.
;
; expect: minios: starting 1 user task
; expect: task 1: EFLAGS now: IF=1 IOPL=0
; expect: task 1: popfd with IF=0 and IOPL=3 ... no fault
; expect: task 1: EFLAGS now: IF=1 IOPL=0 (both changes silently ignored)
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

EFLAGS_IF   equ 0x200
EFLAGS_IOPL equ 0x3000

user_main:
        call print_flags
        NEWLINE
        pushfd
        pop eax
        and eax, ~EFLAGS_IF             ; ask for interrupts off ...
        or eax, EFLAGS_IOPL             ; ... and for I/O privilege
        push eax
        popfd
        PRINTLN "task 1: popfd with IF=0 and IOPL=3 ... no fault"
        call print_flags
        PRINTLN " (both changes silently ignored)"
        EXIT 0

; Print "task 1: EFLAGS now: IF=x IOPL=y", read with pushfd.
print_flags:
        pushfd
        pop edx
        PRINT "task 1: EFLAGS now: IF="
        mov eax, edx
        shr eax, 9
        and eax, 1
        PRINT_DEC eax
        PRINT " IOPL="
        mov eax, edx
        shr eax, 12
        and eax, 3
        PRINT_DEC eax
        ret
