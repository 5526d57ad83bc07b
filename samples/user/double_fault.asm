; double_fault.asm - a fault while delivering a fault: #DF.
;
; To deliver an exception the CPU reads the exception's gate in the IDT.
; If that gate is "not present", the delivery itself faults with #NP
; (segment not present, error code = the IDT entry). #GP and #NP are both
; "contributory" exceptions, and a contributory exception raised while
; delivering another one becomes a DOUBLE FAULT, vector 8 (SDM 3A 6.15,
; Table 6-5). If delivering #DF failed too, the CPU would shut down
; (a "triple fault": the machine resets).
;
; A normal kernel never leaves a gate unplugged; minios has a teaching
; system call, unplug_gate(vector), that does it on purpose. We unplug
; the #GP gate (13) and then execute `cli`, which raises #GP in ring 3
; (see cli.asm): #GP -> gate not present -> #NP -> #DF. The kernel's #DF
; handler reports and stops the whole machine: after a double fault the
; kernel cannot trust its own state, and the saved EIP is undefined.
; Note that the kernel's usual last line never comes.
;
; expect: minios: starting 1 user task
; expect: task 1: unplugging the IDT gate of #GP (vector 13)
; expect: task 1: now cli: #GP, whose gate is not present, so #NP, so #DF
; expect: minios: double fault (#DF) while delivering an exception; machine stopped

%include "lib.inc"

user_main:
        PRINTLN "task 1: unplugging the IDT gate of #GP (vector 13)"
        mov ebx, 13
        SYSCALL SYS_UNPLUG_GATE
        test eax, eax
        jnz .refused
        PRINTLN "task 1: now cli: #GP, whose gate is not present, so #NP, so #DF"
        cli
        PRINTLN "task 1: still here?! (this line never appears)"
        EXIT 0
.refused:
        PRINTLN "task 1: unplug_gate refused"
        EXIT 1
