; iret_retf.asm - returns across rings: IRETD and RETF, and far jumps.
; SDM Vol. 2A IRET and Vol. 2B RET (protected mode): a return may go to the same or an
; OUTER ring only - a return CS with RPL < CPL is #GP(selector); to an outer ring the CPU
; pops SS:ESP too and nulls DS/ES/FS/GS whose DPL < the new CPL; RETF n releases n bytes
; on both stacks. IRETD restores EFLAGS with the POPF rules (IOPL only at CPL 0, IF only
; at CPL <= IOPL). Vol. 2A JMP: a far jump goes to a non-conforming segment only at
; DPL = CPL; a conforming segment is entered at any CPL >= DPL, and CPL does not change.
; Why it matters: IRET is how every kernel (and a VMM reflecting an event) drops to a
; less privileged ring, and it must never be a way back up.
%include "lib/rt.inc"

main:
        ; iretd from ring 0 to ring 3, setting IOPL 3 and IF 1 on the way
        push dword SEL_DATA3
        push dword RT_STACK3 - 0x40
        push dword 0x3202
        push dword SEL_CODE3
        push dword .r3
        mov [rt_saved_esp], esp
        add dword [rt_saved_esp], 20
        iretd
.r3:    mov eax, cs
        mov ebx, esp
        pushfd
        pop ecx
        BACK
        SHOW "iretd to ring 3: cs", [rt_eax], 4
        SHOW "esp", [rt_ebx], 8
        SHOW "efl", [rt_ecx], 8
        NL
        ; iretd in ring 3 to ring 3, trying to change IOPL and IF (IOPL 0)
        RING 3
        push dword SEL_CODE3
        pop eax
        pushfd
        pop ecx
        push dword 0x3202 | 0x1         ; IOPL 3, IF 1, CF
        push eax
        push dword .iret_done
        iretd
.iret_done:
        pushfd
        pop edx
        BACK
        SHOW "r3 iretd(00003203) with IOPL 0, IF 0: efl before", [rt_ecx], 8
        SHOW "after", [rt_edx], 8
        NL
        ; iretd from ring 3 to ring 0: #GP(0008)
        RING 3, .f1, .f1_insn
        push dword 0x2
        push dword SEL_CODE0
        push dword main
.f1_insn:
        iretd
        BACK
.f1:    PUTS "r3 iretd to cs 0x0008: "
        call rt_print_result
        NL
        ; retf from ring 3 to ring 0: #GP(0008)
        RING 3, .f2, .f2_insn
        push dword SEL_CODE0
        push dword main
.f2_insn:
        retf
        BACK
.f2:    PUTS "r3 retf to cs 0x0008: "
        call rt_print_result
        NL
        ; retf 8 from ring 0 to ring 3: pops EIP, CS, skips 8 bytes, pops ESP, SS, and
        ; releases 8 bytes of the ring-3 stack too; DS (DPL 0) becomes null
        mov ax, SEL_DATA0
        mov ds, ax
        mov [rt_saved_esp], esp
        push dword SEL_DATA3
        push dword RT_STACK3 - 0x80
        push dword 0x11111111           ; parameters (released)
        push dword 0x22222222
        push dword SEL_CODE3
        push dword .r3b
        retf 8
.r3b:   mov eax, cs
        mov ebx, esp
        mov ecx, ds
        mov edx, ss
        BACK
        SHOW "retf 8 to ring 3: cs", [rt_eax], 4
        SHOW "esp", [rt_ebx], 8
        SHOW "ds", [rt_ecx], 4
        SHOW "ss", [rt_edx], 4
        NL
        ; far jumps
        TRY 0, "r0 jmp 0x1B:x (DPL 3, non-conforming)", jmp SEL_CODE3:main
        TRY 3, "r3 jmp 0x08:x (DPL 0, non-conforming)", jmp SEL_CODE0:main
        TRY 3, "r3 call 0x08:x (DPL 0, non-conforming)", call SEL_CODE0:main
        RING 3
        jmp SEL_CONF_CODE0:.conf        ; conforming, DPL 0: allowed from ring 3
.conf:  mov eax, cs
        BACK
        SHOW "r3 jmp 0x70:x (conforming, DPL 0): cs", [rt_eax], 4
        NL
        TRY 0, "r0 jmp 0x48:x (data segment)", jmp SEL_NP_DATA:main
        DONE

; expect: iretd to ring 3: cs=001B esp=00137FC0 efl=00003202 
; expect: r3 iretd(00003203) with IOPL 0, IF 0: efl before=00000002 after=00000003 
; expect: r3 iretd to cs 0x0008: #GP(0008) eip=insn
; expect: r3 retf to cs 0x0008: #GP(0008) eip=insn
; expect: retf 8 to ring 3: cs=001B esp=00137F88 ds=0000 ss=0023 
; expect: r0 jmp 0x1B:x (DPL 3, non-conforming): #GP(0018) eip=insn
; expect: r3 jmp 0x08:x (DPL 0, non-conforming): #GP(0008) eip=insn
; expect: r3 call 0x08:x (DPL 0, non-conforming): #GP(0008) eip=insn
; expect: r3 jmp 0x70:x (conforming, DPL 0): cs=0073 
; expect: r0 jmp 0x48:x (data segment): #GP(0048) eip=insn
