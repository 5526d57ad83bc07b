; io.asm - port I/O from ring 3: refused with IOPL 0, allowed with IOPL 3.
;
; `in` and `out` are IOPL-sensitive (SDM 3A 18.2): ring 3 may use them only
; if CPL <= EFLAGS.IOPL, or if the TSS I/O permission bitmap allows the port
; (minios has no bitmap: the TSS's I/O map base lies beyond its limit).
;
; Task 1 tries `out 0xE9` with IOPL 0 and is killed by #GP.
; Task 2 first waits for task 1 to end (wait() returns task 1's exit code,
; -1 for a killed task, so the order of the lines never changes), then asks
; the kernel for IOPL 3 with the iopl() system call - only ring 0 can
; change IOPL, by editing the EFLAGS the IRET will load - and writes its
; line to the console port itself, one `out` per byte, without write().
; IOPL belongs to each task: it lives in the task's saved EFLAGS.
;
; expect: minios: starting 2 user tasks
; expect: task 1: out 0xE9 with IOPL 0
; expect: task 1 killed: general protection fault (out in ring 3 with IOPL 0)
; expect: task 2: task 1 ended with exit code -1; asking for IOPL 3
; expect: task 2: this line was written with out 0xE9 from ring 3
; expect: minios: all tasks exited, exit value 255

%include "lib.inc"

%define USER_TASK2 user_task2

user_main:
        PRINTLN "task 1: out 0xE9 with IOPL 0"
        mov al, '!'
        out 0xE9, al
        PRINTLN "task 1: out worked?! (this line never appears)"
        EXIT 0

user_task2:
        WAITPID 1
        cmp eax, -1
        jne .wrong
        PRINTLN "task 2: task 1 ended with exit code -1; asking for IOPL 3"
        IOPL 3
        test eax, eax
        jnz .wrong
        mov esi, line
        mov ecx, line_end - line
.byte:
        lodsb
        out 0xE9, al                    ; straight to the device: no kernel involved
        loop .byte
        EXIT 0
.wrong:
        PRINTLN "task 2: unexpected result"
        EXIT 1

line:   db "task 2: this line was written with out 0xE9 from ring 3", 10
line_end:
