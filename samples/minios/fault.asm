; fault.asm - what the kernel does when the CPU raises an exception.
;
; From ring 3 it may be nothing wrong: a page the kernel maps on demand
; (demand.asm), or an exception the task asked to handle itself (catch.asm).
; Otherwise the task did something it may not do: the kernel says why, in
; one line, and kills the task; the other tasks go on. From ring 0 it is a
; bug in the kernel (unless it was expected: kernel_exception): say what
; happened and stop the machine.

; EBP = trap frame of an exception (vectors 0-19 except 8).
exception:
        mov al, [ebp + F_CS]            ; CS.RPL = the ring we came from:
        and al, 3                       ;   3 is a task; anything else is the
        cmp al, 3                       ;   kernel (ring 0, or ring 1 when a
        jne kernel_exception            ;   hypervisor runs it there)
        call demand_fault               ; mapped the page: re-run the instruction
        jnc .resume
        call catch_exception            ; the task's own handler runs next
        jnc .resume
        mov esi, msg_task
        call console_puts
        mov ebx, [current]
        mov eax, [ebx + P_PID]
        call console_put_dec
        mov esi, msg_killed
        call console_puts
        call describe_exception
        call console_newline
        mov esi, [current]
        mov eax, -1                     ; a killed task's exit code
        jmp proc_exit
.resume:
        ret

; An exception in the kernel is a bug, unless the kernel meant it: a touch
; of the demand window (kbench.asm's pgfault test reads it from ring 0) or
; an instruction listed in kernel_fixups (kbench.asm).
kernel_exception:
        call demand_fault
        jnc .resume
        call kernel_fixup
        jnc .resume
        jmp kernel_panic
.resume:
        ret

kernel_panic:
        mov esi, msg_panic
        call console_puts
        call describe_exception
        mov esi, msg_at_eip
        call console_puts
        mov eax, [ebp + F_EIP]
        mov ecx, 8
        call console_put_hex
        call console_newline
        mov al, EXIT_PANIC
        jmp machine_stop

; A double fault: the CPU met a second fault while delivering the first
; (SDM 3A 6.15, Table 6-5: e.g. a #GP whose own gate is not present raises
; #NP, and two "contributory" faults in a row make #DF). The saved EIP is
; undefined for #DF, so there is nothing to resume: report and stop.
double_fault:
        mov esi, msg_double_fault
        call console_puts
        mov al, EXIT_DOUBLE_FAULT
        jmp machine_stop

; Print one phrase for the exception in the frame at EBP.
describe_exception:
        mov eax, [ebp + F_VECTOR]
        cmp eax, 14
        je describe_page_fault
        cmp eax, 13
        je describe_general_protection
        mov esi, [exception_names + eax * 4]
        jmp console_puts

; "page fault at 0x00100000 (read, user, protection)"
; CR2 holds the address; the error code says what kind of access it was
; (SDM 3A 4.7, Figure 4-12): bit 0 P (0 = page not present, 1 = protection),
; bit 1 W/R (1 = write), bit 2 U/S (1 = the access came from ring 3).
describe_page_fault:
        mov esi, msg_page_fault
        call console_puts
        ARCH_READ_CR2 eax
        mov ecx, 8
        call console_put_hex
        mov edx, [ebp + F_ERROR]
        mov esi, msg_pf_read
        test edx, 2
        jz .access
        mov esi, msg_pf_write
.access:
        call console_puts
        mov esi, msg_pf_kernel
        test edx, 4
        jz .mode
        mov esi, msg_pf_user
.mode:
        call console_puts
        mov esi, msg_pf_not_present
        test edx, 1
        jz .cause
        mov esi, msg_pf_protection
.cause:
        jmp console_puts

; "general protection fault (cli in ring 3 with IOPL 0)"
; #GP has many causes (SDM 3A 6.15, interrupt 13). We name the common ones:
; `int n` through a gate whose DPL is below CPL (the error code then points
; at the IDT entry, SDM 3A 6.13), and privileged or IOPL-sensitive
; instructions, recognised by their opcode bytes at the faulting EIP.
describe_general_protection:
        mov esi, msg_gp
        call console_puts
        mov edx, [ebp + F_ERROR]
        test edx, 2                     ; IDT bit: error code names a gate
        jz .instruction
        mov esi, msg_gp_int
        call console_puts
        mov eax, edx
        shr eax, 3                      ; the vector
        mov ecx, 2
        call console_put_hex
        mov esi, msg_gp_gate_dpl
        jmp .finish
.instruction:
        mov ebx, [ebp + F_EIP]
        mov ecx, 3                      ; the bytes we may look at
        call user_range_ok
        jc .unknown
        mov esi, ebx
        call find_privileged_instruction
        test edi, edi
        jz .unknown
        mov esi, [edi + 4]              ; the mnemonic
        call console_puts
        mov esi, msg_gp_ring3
        call console_puts
        cmp byte [edi + 3], 0           ; IOPL-sensitive?
        je .close
        mov esi, msg_gp_iopl
        call console_puts
        mov eax, [ebp + F_EFLAGS]
        shr eax, 12                     ; EFLAGS.IOPL is bits 13..12
        and eax, 3
        call console_put_dec
        jmp .close
.unknown:                               ; say what we know: error code and EIP
        mov esi, msg_gp_error_code
        call console_puts
        mov eax, edx
        mov ecx, 8
        call console_put_hex
        mov esi, msg_gp_eip
        call console_puts
        mov eax, [ebp + F_EIP]
        call console_put_hex
.close:
        mov esi, msg_close
.finish:
        jmp console_puts

; ESI = the faulting instruction (readable). Returns EDI = its entry in
; privileged_instructions, or 0 if it is not there.
find_privileged_instruction:
        mov edi, privileged_instructions
.next:
        mov al, [esi]
        cmp al, [edi]
        jne .skip
        cmp al, 0x0F                    ; one-byte opcode: matched
        jne .found
        mov al, [esi + 1]
        cmp al, [edi + 1]
        jne .skip
        cmp byte [edi + 2], 0xFF        ; any ModRM.reg
        je .found
        mov al, [esi + 2]               ; ModRM: bits 5..3 select the instruction
        shr al, 3
        and al, 7
        cmp al, [edi + 2]
        je .found
.skip:
        add edi, 8
        cmp edi, privileged_instructions_end
        jb .next
        xor edi, edi
.found:
        ret

; opcode, second opcode byte (after 0x0F), ModRM.reg (0xFF = any),
; IOPL-sensitive (1) or privileged (0), mnemonic. SDM 3A 5.9 and 18.2.
%macro PRIVILEGED 5
        db %1, %2, %3, %4
        dd %5
%endmacro

privileged_instructions:
        PRIVILEGED 0xFA, 0, 0, 1, mn_cli
        PRIVILEGED 0xFB, 0, 0, 1, mn_sti
        PRIVILEGED 0xF4, 0, 0, 0, mn_hlt
        PRIVILEGED 0xE4, 0, 0, 1, mn_in
        PRIVILEGED 0xE5, 0, 0, 1, mn_in
        PRIVILEGED 0xEC, 0, 0, 1, mn_in
        PRIVILEGED 0xED, 0, 0, 1, mn_in
        PRIVILEGED 0xE6, 0, 0, 1, mn_out
        PRIVILEGED 0xE7, 0, 0, 1, mn_out
        PRIVILEGED 0xEE, 0, 0, 1, mn_out
        PRIVILEGED 0xEF, 0, 0, 1, mn_out
        PRIVILEGED 0x6C, 0, 0, 1, mn_ins
        PRIVILEGED 0x6D, 0, 0, 1, mn_ins
        PRIVILEGED 0x6E, 0, 0, 1, mn_outs
        PRIVILEGED 0x6F, 0, 0, 1, mn_outs
        PRIVILEGED 0x0F, 0x00, 2, 0, mn_lldt
        PRIVILEGED 0x0F, 0x00, 3, 0, mn_ltr
        PRIVILEGED 0x0F, 0x01, 2, 0, mn_lgdt
        PRIVILEGED 0x0F, 0x01, 3, 0, mn_lidt
        PRIVILEGED 0x0F, 0x01, 6, 0, mn_lmsw
        PRIVILEGED 0x0F, 0x01, 7, 0, mn_invlpg
        PRIVILEGED 0x0F, 0x06, 0xFF, 0, mn_clts
        PRIVILEGED 0x0F, 0x09, 0xFF, 0, mn_wbinvd
        PRIVILEGED 0x0F, 0x20, 0xFF, 0, mn_mov_from_cr
        PRIVILEGED 0x0F, 0x22, 0xFF, 0, mn_mov_to_cr
        PRIVILEGED 0x0F, 0x30, 0xFF, 0, mn_wrmsr
        PRIVILEGED 0x0F, 0x32, 0xFF, 0, mn_rdmsr
        PRIVILEGED 0x0F, 0x35, 0xFF, 0, mn_sysexit
privileged_instructions_end:

mn_cli:         db "cli", 0
mn_sti:         db "sti", 0
mn_hlt:         db "hlt", 0
mn_in:          db "in", 0
mn_out:         db "out", 0
mn_ins:         db "ins", 0
mn_outs:        db "outs", 0
mn_lldt:        db "lldt", 0
mn_ltr:         db "ltr", 0
mn_lgdt:        db "lgdt", 0
mn_lidt:        db "lidt", 0
mn_lmsw:        db "lmsw", 0
mn_invlpg:      db "invlpg", 0
mn_clts:        db "clts", 0
mn_wbinvd:      db "wbinvd", 0
mn_mov_from_cr: db "mov from a control register", 0
mn_mov_to_cr:   db "mov to a control register", 0
mn_wrmsr:       db "wrmsr", 0
mn_rdmsr:       db "rdmsr", 0
mn_sysexit:     db "sysexit", 0

exception_names:
        dd ex_de, ex_db, ex_nmi, ex_bp, ex_of, ex_br, ex_ud, ex_nm, ex_df, ex_cso
        dd ex_ts, ex_np, ex_ss, ex_gp, ex_pf, ex_res, ex_mf, ex_ac, ex_mc, ex_xm
ex_de:  db "divide error (#DE)", 0
ex_db:  db "debug exception (#DB)", 0
ex_nmi: db "non-maskable interrupt", 0
ex_bp:  db "breakpoint (#BP)", 0
ex_of:  db "overflow (#OF)", 0
ex_br:  db "bound range exceeded (#BR)", 0
ex_ud:  db "invalid opcode (#UD)", 0
ex_nm:  db "device not available (#NM)", 0
ex_df:  db "double fault (#DF)", 0
ex_cso: db "coprocessor segment overrun", 0
ex_ts:  db "invalid TSS (#TS)", 0
ex_np:  db "segment not present (#NP)", 0
ex_ss:  db "stack-segment fault (#SS)", 0
ex_gp:  db "general protection fault (#GP)", 0
ex_pf:  db "page fault (#PF)", 0
ex_res: db "reserved exception 15", 0
ex_mf:  db "x87 floating-point error (#MF)", 0
ex_ac:  db "alignment check (#AC)", 0
ex_mc:  db "machine check (#MC)", 0
ex_xm:  db "SIMD floating-point exception (#XM)", 0

msg_task:           db "task ", 0
msg_killed:         db " killed: ", 0
msg_panic:          db "minios: kernel panic: ", 0
msg_at_eip:         db " at EIP ", 0
msg_double_fault:   db "minios: double fault (#DF) while delivering an exception; machine stopped", 10, 0
msg_page_fault:     db "page fault at ", 0
msg_pf_read:        db " (read, ", 0
msg_pf_write:       db " (write, ", 0
msg_pf_user:        db "user, ", 0
msg_pf_kernel:      db "kernel, ", 0
msg_pf_protection:  db "protection)", 0
msg_pf_not_present: db "not present)", 0
msg_gp:             db "general protection fault (", 0
msg_gp_int:         db "int ", 0
msg_gp_gate_dpl:    db " through a gate with DPL 0)", 0
msg_gp_ring3:       db " in ring 3", 0
msg_gp_iopl:        db " with IOPL ", 0
msg_gp_error_code:  db "error code ", 0
msg_gp_eip:         db " at EIP ", 0
msg_close:          db ")", 0
