; sysenter.asm - SYSENTER/SYSEXIT through the IA32_SYSENTER_* MSRs.
; SDM Vol. 2B SYSENTER/SYSEXIT, Vol. 3A 5.8.7: SYSENTER loads CS = IA32_SYSENTER_CS
; (MSR 0x174), SS = that + 8, ESP = IA32_SYSENTER_ESP (0x175), EIP = IA32_SYSENTER_EIP
; (0x176), CPL 0, and clears IF (and VM, RF); SYSEXIT (CPL 0 only) loads CS = CS_MSR + 16
; | 3, SS = CS_MSR + 24 | 3, EIP = EDX, ESP = ECX. Neither reads the GDT: the segments are
; flat by definition. Both give #GP(0) when IA32_SYSENTER_CS is 0; SYSEXIT at CPL > 0 too.
; Why it matters: the fast system call path saves no state at all, so a kernel (or a VMM
; that intercepts it) must arrange the user's return EIP/ESP itself.
%include "lib/rt.inc"

%macro WRMSR 2
        mov ecx, %1
        mov eax, %2
        xor edx, edx
        wrmsr
%endmacro

main:
        WRMSR 0x174, SEL_CODE0
        WRMSR 0x175, RT_STACK0 - 0x100
        WRMSR 0x176, kernel_entry
        mov ecx, 0x174
        rdmsr
        SHOW "msr 174", eax, 8
        mov ecx, 0x175
        rdmsr
        SHOW "175", eax, 8
        mov ecx, 0x176
        rdmsr
        sub eax, kernel_entry
        SHOW "176-entry", eax, 8
        NL
        TRY 3, "r3 sysexit", sysexit
        TRY 3, "r3 rdmsr", rdmsr
        ; to ring 3 with sysexit (IF=1 stays as it is)
        mov dword [round], 0
        push dword 0x202
        popfd
        mov edx, user_code
        mov ecx, RT_STACK3 - 0x10
        mov [rt_saved_esp], esp
        sysexit

user_code:                              ; ring 3
        mov eax, cs
        mov ebx, ss
        mov esi, esp
        pushfd
        pop edi
        mov [user_seen], eax
        mov [user_seen + 4], ebx
        mov [user_seen + 8], esi
        mov [user_seen + 12], edi
        sysenter

kernel_entry:                           ; ring 0
        mov eax, cs
        mov ebx, ss
        mov esi, esp
        pushfd
        pop edi
        mov cx, SEL_DATA0
        mov ds, cx
        mov es, cx
        mov esp, [rt_saved_esp]
        PUTS "after sysexit:  "
        SHOW "cs", [user_seen], 4
        SHOW "ss", [user_seen + 4], 4
        SHOW "esp", [user_seen + 8], 8
        SHOW "efl", [user_seen + 12], 8
        NL
        PUTS "after sysenter: "
        SHOW "cs", eax, 4
        SHOW "ss", ebx, 4
        SHOW "esp", esi, 8
        SHOW "efl", edi, 8
        NL
        cmp dword [round], 1
        je .round2
        ; the GDT is not read: base the MSR on the ring-1 descriptors and sysexit still gives
        ; a flat ring-3 CS/SS (0x43/0x4B, although 0x40 is a TSS and 0x48 not present)
        mov dword [round], 1
        WRMSR 0x174, 0x30
        mov edx, user_code
        mov ecx, RT_STACK3 - 0x20
        mov [rt_saved_esp], esp
        sysexit
.round2:
        WRMSR 0x174, SEL_CODE0
        ; IA32_SYSENTER_CS = 0: both fault
        WRMSR 0x174, 0
        TRY 3, "r3 sysenter, CS MSR 0", sysenter
        mov edx, user_code
        mov ecx, RT_STACK3
        TRY 0, "r0 sysexit, CS MSR 0", sysexit
        DONE

round:     dd 0
user_seen: dd 0, 0, 0, 0

; expect: msr 174=00000008 175=0012FF00 176-entry=00000000 
; expect: r3 sysexit: #GP(0000) eip=insn
; expect: r3 rdmsr: #GP(0000) eip=insn
; expect: after sysexit:  cs=001B ss=0023 esp=00137FF0 efl=00000202 
; expect: after sysenter: cs=0008 ss=0010 esp=0012FF00 efl=00000002 
; expect: after sysexit:  cs=0043 ss=004B esp=00137FE0 efl=00000046 
; expect: after sysenter: cs=0030 ss=0038 esp=0012FF00 efl=00000046 
; expect: r3 sysenter, CS MSR 0: #GP(0000) eip=insn
; expect: r0 sysexit, CS MSR 0: #GP(0000) eip=insn
