; catch.asm - letting a task handle its own exceptions, like a Unix signal.
;
; By default an exception in ring 3 kills the task (fault.asm). With the
; system call catch(vector, handler) a task asks instead to be resumed at
; `handler` when it raises that exception. The kernel pushes the saved EIP
; on the task's stack and continues the task at the handler, as if the
; faulting instruction had called it:
;
;       handler:                        ; [esp] = EIP of the exception
;               add dword [esp], 2      ; e.g. step over a 2-byte `div ebx`
;               ret
;
; For a FAULT (#DE, #UD, #GP, ...) the saved EIP is the faulting instruction
; itself, so returning to it unchanged raises the exception again; for a
; TRAP (#BP, #OF) it is the next instruction (SDM 3A 6.5, 6.15). Every
; register and the flags are as the exception left them: a handler that
; changes flags and means to resume saves them itself (pushfd/popfd).
; Unix does more (a signal frame with all registers, sigreturn); this is the
; least that makes an exception survivable.
;
; Not catchable: #DF (8), which leaves nothing to resume, and #PF (14),
; which belongs to the kernel's memory management (demand.asm).

CATCH_VECTORS   equ 20              ; exceptions 0-19

catch_handlers: times NPROC * CATCH_VECTORS dd 0    ; [pid * 20 + vector], 0 = kill

; catch(vector, handler): EBX vector, ECX handler (0: kill again).
sys_catch:
        cmp ebx, CATCH_VECTORS
        jae .refuse
        cmp ebx, 8
        je .refuse
        cmp ebx, 14
        je .refuse
        test ecx, ecx
        jz .store
        push ebx
        mov ebx, ecx
        mov ecx, 1
        call user_range_ok              ; the handler must be the task's own code
        mov ecx, ebx
        pop ebx
        jc .refuse
.store:
        call catch_slot
        mov [eax], ecx
        xor eax, eax
        ret
.refuse:
        mov eax, -1
        ret

; EAX = the address of the current task's handler for vector EBX.
catch_slot:
        mov eax, [current]
        mov eax, [eax + P_PID]
        imul eax, eax, CATCH_VECTORS
        add eax, ebx
        lea eax, [catch_handlers + eax * 4]
        ret

; EBP = the trap frame of an exception from ring 3. If the task has a
; handler for it, push the saved EIP on the task's stack, resume the task at
; the handler and return CF=0. Else CF=1. Clobbers EAX, EBX, ECX.
catch_exception:
        mov ebx, [ebp + F_VECTOR]
        call catch_slot
        mov eax, [eax]
        test eax, eax
        jz .no_handler
        mov ebx, [ebp + F_ESP]
        sub ebx, 4
        mov ecx, 4
        call user_range_ok              ; room on the task's stack?
        jc .no_handler                  ; no: the task dies as before
        mov ecx, [ebp + F_EIP]
        mov [ebx], ecx                  ; a user address, mapped by the current CR3
        mov [ebp + F_ESP], ebx
        mov [ebp + F_EIP], eax
        clc
        ret
.no_handler:
        stc
        ret
