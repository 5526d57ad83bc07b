; kernel_read.asm - ring 3 reads kernel memory and is killed by a page fault.
;
; The kernel is mapped into every task's address space (so a trap can run
; kernel code without switching page tables), but its pages have U/S=0:
; supervisor only. The page is PRESENT, the access is simply not allowed
; from ring 3, so the CPU raises #PF with error code 5 (SDM 3A 4.7):
;   bit 0 P=1   the page is present: a protection violation
;   bit 1 W=0   it was a read
;   bit 2 U=1   the access came from user mode
; and puts the address in CR2. The kernel prints both and kills the task.
;
; expect: minios: starting 1 user task
; expect: task 1: reading the kernel's first byte at 0x00100000
; expect: task 1 killed: page fault at 0x00100000 (read, user, protection)
; expect: minios: all tasks exited, exit value 255

%include "lib.inc"

user_main:
        PRINTLN "task 1: reading the kernel's first byte at 0x00100000"
        mov al, [0x00100000]
        PRINTLN "task 1: read it?! (this line never appears)"
        EXIT 0
