; proc.asm - tasks and the scheduler.
;
; A task is a slot in `procs`. Slot 0 is the idle task: it runs in ring 0
; when no user task can run, halting until the next interrupt. Slots 1 and 2
; are the user tasks (pid 1 = user_main, pid 2 = USER_TASK2).
;
; A task that is not running is nothing but its trap frame, saved on its
; own kernel stack (trap.asm). Switching tasks = making another slot
; `current`, pointing TSS.ESP0 at its kernel stack and CR3 at its page
; directory; trap_return then leaves through that task's frame.

NPROC           equ 3           ; slot 0: idle, slots 1-2: user tasks
NUSER           equ NPROC - 1

; Fields of a slot
P_STATE         equ 0
P_PID           equ 4
P_FRAME         equ 8           ; saved ESP: the task's trap frame
P_KSTACK_TOP    equ 12          ; ESP0 while this task runs in ring 3
P_CR3           equ 16          ; its page directory
P_WAKE_TICK     equ 20          ; SLEEPING: wake at this tick
P_WAIT_PID      equ 24          ; WAITING: for this task to exit
P_EXIT_CODE     equ 28          ; ZOMBIE: how it ended
PROC_SIZE       equ 32

; States
UNUSED          equ 0
RUNNABLE        equ 1           ; running or ready to run
SLEEPING        equ 2
WAITING         equ 3
ZOMBIE          equ 4           ; finished; keeps its exit code for wait()

EFLAGS_IF       equ 0x200       ; interrupts enabled
EFLAGS_RESERVED equ 0x002       ; bit 1 is always 1
EFLAGS_IOPL     equ 0x3000

procs:          times NPROC * PROC_SIZE db 0
procs_end:
current:        dd 0            ; the running slot
ticks:          dd 0            ; timer interrupts since boot

; Create the idle task and the user tasks, and say how many there are.
proc_init:
        mov esi, procs                  ; slot 0: idle, ring 0
        mov dword [esi + P_STATE], RUNNABLE
        mov dword [esi + P_CR3], KERNEL_PD
        mov eax, KSTACKS + PAGE
        mov [esi + P_KSTACK_TOP], eax
        sub eax, FRAME_SIZE_KERNEL
        mov [esi + P_FRAME], eax
        mov dword [eax + F_EIP], idle_loop
        mov dword [eax + F_CS], KERNEL_CS
        mov dword [eax + F_EFLAGS], EFLAGS_IF | EFLAGS_RESERVED
        mov dword [eax + F_DS], KERNEL_DS
        mov dword [eax + F_ES], KERNEL_DS
        mov dword [eax + F_FS], KERNEL_DS
        mov dword [eax + F_GS], KERNEL_DS

        xor edx, edx                    ; tasks created
        mov ecx, 1                      ; pid
.next:
        mov ebx, [user_task_table + ecx * 4 - 4]
        test ebx, ebx
        jz .skip
        call task_create
        inc edx
.skip:
        inc ecx
        cmp ecx, NUSER
        jbe .next

        mov esi, msg_starting
        call console_puts
        mov eax, edx
        call console_put_dec
        mov esi, msg_user_task
        call console_puts
        mov esi, msg_plural_s           ; "task" or "tasks"
        cmp edx, 1
        je .print_newline
        call console_puts
.print_newline:
        jmp console_newline

; Make task ECX (pid) that starts at EBX in ring 3. Preserves ECX, EDX.
task_create:
        push ecx
        push edx
        mov esi, ecx
        shl esi, 5                      ; * PROC_SIZE
        add esi, procs
        mov [esi + P_PID], ecx
        mov eax, ecx                    ; its free pages: TASK_MEM + (pid-1) * size
        dec eax
        mov edi, TASK_MEM_SIZE
        mul edi
        lea edi, [TASK_MEM + eax]
        push ebx
        push esi
        call paging_new_user_space
        pop esi
        pop ebx
        mov [esi + P_CR3], eax
        mov eax, [esp + 4]              ; pid again (pushed ECX)
        inc eax
        shl eax, 12                     ; KSTACKS + (pid + 1) * PAGE = top of its stack
        add eax, KSTACKS
        mov [esi + P_KSTACK_TOP], eax

        ; A trap frame as if the task had trapped at its first instruction.
        ; trap_return's IRET will "return" to ring 3 (SDM 3A 6.14).
        sub eax, FRAME_SIZE_USER
        mov [esi + P_FRAME], eax
        mov [eax + F_EIP], ebx
        mov dword [eax + F_CS], USER_CS
        mov dword [eax + F_EFLAGS], EFLAGS_IF | EFLAGS_RESERVED   ; IOPL 0
        mov dword [eax + F_ESP], USER_STACK_TOP
        mov dword [eax + F_SS], USER_DS
        mov dword [eax + F_DS], USER_DS
        mov dword [eax + F_ES], USER_DS
        mov dword [eax + F_FS], USER_DS
        mov dword [eax + F_GS], USER_DS
        mov dword [esi + P_STATE], RUNNABLE
        pop edx
        pop ecx
        ret

; Leave boot code for good: run the first task.
proc_start:
        mov dword [current], procs      ; pretend the idle task was running
        call schedule
        jmp trap_return

; The idle task: ring 0, interrupts on, halt until the next tick.
idle_loop:
        ARCH_HLT
        jmp idle_loop

; Round robin: run the next RUNNABLE user task after the current one (the
; current one again if it is the only one), else the idle task.
; Clobbers EAX, ECX, ESI.
schedule:
        mov esi, [current]
        mov ecx, NUSER
.next:
        add esi, PROC_SIZE
        cmp esi, procs_end
        jb .check
        mov esi, procs + PROC_SIZE      ; wrap to slot 1
.check:
        cmp dword [esi + P_STATE], RUNNABLE
        je switch_to
        loop .next
        mov esi, procs                  ; nobody can run: idle
        ; fall through

; Make slot ESI the running task.
switch_to:
        cmp esi, [current]
        je .same
        mov [current], esi
        mov eax, [esi + P_KSTACK_TOP]
        ARCH_SET_KERNEL_STACK eax       ; its next trap from ring 3 lands on its stack
        mov eax, [esi + P_CR3]
        ARCH_LOAD_CR3 eax               ; its address space
.same:
        ret

; IRQ 0. Count the tick, wake sleepers whose time has come, and preempt:
; the running task goes to the back of the queue.
timer_interrupt:
        call pic_eoi
        inc dword [ticks]
        mov esi, procs + PROC_SIZE
.wake:
        cmp dword [esi + P_STATE], SLEEPING
        jne .next
        mov eax, [ticks]
        cmp eax, [esi + P_WAKE_TICK]
        jb .next
        mov dword [esi + P_STATE], RUNNABLE
.next:
        add esi, PROC_SIZE
        cmp esi, procs_end
        jb .wake
        jmp schedule

; Task ESI ends with exit code EAX (exit() or killed). Wake tasks waiting
; for it, give their wait() its exit code, and run someone else; if no user
; task is left, stop the machine.
proc_exit:
        mov [esi + P_EXIT_CODE], eax
        mov dword [esi + P_STATE], ZOMBIE
        mov edx, [esi + P_PID]
        mov edi, procs + PROC_SIZE
        xor ecx, ecx                    ; user tasks still alive
.each:
        mov ebx, [edi + P_STATE]
        cmp ebx, WAITING
        jne .alive
        cmp [edi + P_WAIT_PID], edx
        jne .alive
        mov ebx, [edi + P_FRAME]
        mov [ebx + F_EAX], eax          ; wait()'s return value
        mov dword [edi + P_STATE], RUNNABLE
        mov ebx, RUNNABLE
.alive:
        cmp ebx, UNUSED
        je .next
        cmp ebx, ZOMBIE
        je .next
        inc ecx
.next:
        add edi, PROC_SIZE
        cmp edi, procs_end
        jb .each
        test ecx, ecx
        jnz schedule
        ; fall through: everyone is done

; All user tasks have exited. Exit value: task 1's exit code (low byte).
shutdown:
        mov esi, msg_all_exited
        call console_puts
        movzx eax, byte [procs + PROC_SIZE + P_EXIT_CODE]
        call console_put_dec
        call console_newline
        jmp machine_stop                ; AL = the exit value

msg_starting:   db "minios: starting ", 0
msg_user_task:  db " user task", 0
msg_plural_s:   db "s", 0
msg_all_exited: db "minios: all tasks exited, exit value ", 0
