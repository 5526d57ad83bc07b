; trap.asm - the way into the kernel and the way back out.
;
; Every interrupt, exception and system call enters through a small stub
; that pushes the vector number, then trap_common saves the rest of the
; task's registers. The result is a TRAP FRAME on the task's kernel stack:
;
;   pushed by the CPU (SDM 3A 6.12.1: on entry from ring 3 it first switches
;   to SS0:ESP0 from the TSS, then pushes SS, ESP, EFLAGS, CS, EIP, and for
;   some exceptions an error code)
;   pushed by the stub: error code (0 if the CPU pushed none), vector
;   pushed by trap_common: EAX ... EDI (pushad), DS, ES, FS, GS
;
; The kernel switches tasks simply by leaving through a different task's
; trap frame (trap_return), which is also how a new task is started.

; Trap frame offsets, lowest address first.
F_GS            equ 0
F_FS            equ 4
F_ES            equ 8
F_DS            equ 12
F_EDI           equ 16          ; pushad order (SDM 2B, PUSHA/PUSHAD)
F_ESI           equ 20
F_EBP           equ 24
F_EBX           equ 32          ; (28 is the ESP pushad saved: ignored)
F_EDX           equ 36
F_ECX           equ 40
F_EAX           equ 44
F_VECTOR        equ 48
F_ERROR         equ 52
F_EIP           equ 56
F_CS            equ 60
F_EFLAGS        equ 64
F_ESP           equ 68          ; only in frames from ring 3
F_SS            equ 72
FRAME_SIZE_USER   equ 76
FRAME_SIZE_KERNEL equ 68        ; a trap from ring 0 pushes no SS:ESP

IRQ0_VECTOR     equ 32          ; where pic_init moves the timer (IRQ 0)

; Exceptions 8, 10-14 and 17 push an error code (SDM 3A 6.15); the others
; get a dummy 0 so that every frame has the same shape.
%macro TRAP_NO_ERROR_CODE 1
        push 0
        push %1
        jmp trap_common
%endmacro

%macro TRAP_WITH_ERROR_CODE 1
        push %1
        jmp trap_common
%endmacro

trap_de:        TRAP_NO_ERROR_CODE 0    ; divide error
trap_db:        TRAP_NO_ERROR_CODE 1    ; debug
trap_nmi:       TRAP_NO_ERROR_CODE 2    ; non-maskable interrupt
trap_bp:        TRAP_NO_ERROR_CODE 3    ; breakpoint (int3)
trap_of:        TRAP_NO_ERROR_CODE 4    ; overflow (into)
trap_br:        TRAP_NO_ERROR_CODE 5    ; bound range exceeded
trap_ud:        TRAP_NO_ERROR_CODE 6    ; invalid opcode
trap_nm:        TRAP_NO_ERROR_CODE 7    ; device not available
trap_df:        TRAP_WITH_ERROR_CODE 8  ; double fault (error code always 0)
trap_cso:       TRAP_NO_ERROR_CODE 9    ; coprocessor segment overrun
trap_ts:        TRAP_WITH_ERROR_CODE 10 ; invalid TSS
trap_np:        TRAP_WITH_ERROR_CODE 11 ; segment not present
trap_ss:        TRAP_WITH_ERROR_CODE 12 ; stack-segment fault
trap_gp:        TRAP_WITH_ERROR_CODE 13 ; general protection
trap_pf:        TRAP_WITH_ERROR_CODE 14 ; page fault
trap_res15:     TRAP_NO_ERROR_CODE 15   ; reserved
trap_mf:        TRAP_NO_ERROR_CODE 16   ; x87 floating-point error
trap_ac:        TRAP_WITH_ERROR_CODE 17 ; alignment check
trap_mc:        TRAP_NO_ERROR_CODE 18   ; machine check
trap_xm:        TRAP_NO_ERROR_CODE 19   ; SIMD floating-point
trap_timer:     TRAP_NO_ERROR_CODE IRQ0_VECTOR
trap_syscall:   TRAP_NO_ERROR_CODE SYSCALL_VECTOR

; The gates idt_init installs: vector, entry, DPL. DPL 0 means ring 3 may
; not raise the vector with `int n` (it gets #GP instead, SDM 3A 6.12.1.1);
; the CPU itself may always deliver it.
trap_table:
        dd 0, trap_de, 0
        dd 1, trap_db, 0
        dd 2, trap_nmi, 0
        dd 3, trap_bp, 0
        dd 4, trap_of, 0
        dd 5, trap_br, 0
        dd 6, trap_ud, 0
        dd 7, trap_nm, 0
        dd 8, trap_df, 0
        dd 9, trap_cso, 0
        dd 10, trap_ts, 0
        dd 11, trap_np, 0
        dd 12, trap_ss, 0
        dd 13, trap_gp, 0
        dd 14, trap_pf, 0
        dd 15, trap_res15, 0
        dd 16, trap_mf, 0
        dd 17, trap_ac, 0
        dd 18, trap_mc, 0
        dd 19, trap_xm, 0
        dd IRQ0_VECTOR, trap_timer, 0
        dd SYSCALL_VECTOR, trap_syscall, 3      ; the one door ring 3 may knock on
trap_table_end:

trap_common:
        pushad
        push ds
        push es
        push fs
        push gs
        mov ax, KERNEL_DS               ; the user's segment registers are not ours
        mov ds, ax
        mov es, ax
        mov fs, ax
        mov gs, ax
        cld                             ; the user may have left DF=1; string ops need 0
        mov ebx, [current]
        mov [ebx + P_FRAME], esp        ; remember where this task's frame is
        mov ebp, esp                    ; handlers find the frame in EBP
        call trap_dispatch
        ; fall through

; Leave the kernel through the current task's frame. If the scheduler
; picked another task, that is the other task's frame, on its own stack.
trap_return:
        mov ebx, [current]
        mov esp, [ebx + P_FRAME]
        pop gs
        pop fs
        pop es
        pop ds
        popad
        add esp, 8                      ; drop vector and error code
        ARCH_IRET

; EBP = the trap frame. Send the trap to the code that handles it.
trap_dispatch:
        mov eax, [ebp + F_VECTOR]
        cmp eax, SYSCALL_VECTOR
        je syscall_dispatch
        cmp eax, IRQ0_VECTOR
        je timer_interrupt
        cmp eax, 8
        je double_fault
        jmp exception                   ; vectors 0-19 (fault.asm)
