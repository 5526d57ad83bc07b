; holes.asm - the x86 virtualization holes: sensitive instructions that do not trap.
; SDM Vol. 2B POPF: at CPL 0 every flag may change (IOPL too); at 0 < CPL <= IOPL, IF may
; change but IOPL not; at CPL > IOPL neither, and WITHOUT an exception - only the other
; flags (CF, ZF, ...) change. PUSHF shows the real IF and IOPL. SGDT, SIDT, SLDT, STR, SMSW
; run at any CPL (no CR4.UMIP here) and reveal the real tables; CS and SS show the CPL.
; Why it matters: Popek and Goldberg's theorem needs every sensitive instruction to be
; privileged; these are the ones that are not (Robin & Irvine 2000), which is why x86
; needed binary translation or paravirtualization before VT-x.
%include "lib/rt.inc"

main:
        ; CPL 3, IOPL 0, IF 1: popfd tries to clear IF, set IOPL 3, set CF and ZF
        mov dword [rt_user_eflags], 0x0202
        RING 3
        push dword 0x3000 | 0x0040 | 0x0001 | 0x2
        popfd
        pushfd
        pop eax
        BACK
        PUTS "r3 IOPL0 popfd(00003043): "
        HEX [rt_eax], 8
        NL
        ; CPL 3, IOPL 3 (CPL <= IOPL): IF may change, IOPL may not
        mov dword [rt_user_eflags], 0x3202
        RING 3
        push dword 0x0000 | 0x0001 | 0x2
        popfd
        pushfd
        pop eax
        BACK
        PUTS "r3 IOPL3 popfd(00000003): "
        HEX [rt_eax], 8
        NL
        ; CPL 1, IOPL 1: IF may change, IOPL not
        mov dword [rt_user_eflags], 0x1202
        RING 1
        push dword 0x3000 | 0x0080 | 0x2
        popfd
        pushfd
        pop eax
        BACK
        PUTS "r1 IOPL1 popfd(00003082): "
        HEX [rt_eax], 8
        NL
        ; CPL 1, IOPL 0: like ring 3
        mov dword [rt_user_eflags], 0x0202
        RING 1
        push dword 0x1000 | 0x0004 | 0x2
        popfd
        pushfd
        pop eax
        BACK
        PUTS "r1 IOPL0 popfd(00001006): "
        HEX [rt_eax], 8
        NL
        ; CPL 0: everything (IF stays 0 here: set 0x3202 would enable interrupts; all masked)
        push dword 0x3000 | 0x0800 | 0x0010 | 0x0200 | 0x2
        popfd
        pushfd
        pop eax
        push dword 0x2
        popfd
        PUTS "r0 popfd(00003A12): "
        HEX eax, 8
        NL
        ; popfd never touches VM (bit 17) or RF (bit 16): pushfd shows them clear
        push dword 0x00030002
        popfd
        pushfd
        pop eax
        PUTS "r0 popfd(00030002): "
        HEX eax, 8
        NL
        ; pushfd in ring 3 reveals IF and IOPL as they are
        mov dword [rt_user_eflags], 0x2202
        RING 3
        pushfd
        pop eax
        BACK
        PUTS "r3 pushfd (IOPL 2, IF 1): "
        HEX [rt_eax], 8
        NL
        mov dword [rt_user_eflags], 0x0002
        ; the descriptor-table registers, from ring 3
        RING 3
        sgdt [RT_SCRATCH]
        sidt [RT_SCRATCH + 8]
        sldt eax
        str ebx
        smsw ecx
        mov edx, cs
        mov esi, ss
        BACK
        PUTS "r3 sgdt: limit="
        HEX [RT_SCRATCH], 4
        PUTS " base ok="
        mov eax, [RT_SCRATCH + 2]
        sub eax, rt_gdt
        HEX eax, 1
        NL
        SHOW "r3 sidt: limit", [RT_SCRATCH + 8], 4
        SHOW "base", [RT_SCRATCH + 10], 8
        NL
        SHOW "r3 sldt", [rt_eax], 4
        SHOW "str", [rt_ebx], 4
        SHOW "smsw", [rt_ecx], 4
        SHOW "cs", [rt_edx], 4
        SHOW "ss", [rt_esi], 4
        NL
        ; with paging and CR0.WP on, smsw shows only the low 16 bits of CR0 (PE, MP, EM, TS, ET, NE)
        mov eax, cr0
        or eax, 0x00010008              ; WP, TS
        mov cr0, eax
        mov eax, 0xAAAA0000
        RING 3
        smsw ax                         ; 16-bit form: the upper half of EAX is kept
        smsw ebx                        ; 32-bit register form: CR0 bits 31:16 are undefined
        BACK
        SHOW "r3 smsw ax (TS set)", [rt_eax], 8
        mov eax, [rt_ebx]
        and eax, 0xFFFF
        SHOW "smsw ebx low", eax, 4
        NL
        clts
        SHOW "after clts: cr0 TS", cr0, 8
        NL
        DONE

; expect: r3 IOPL0 popfd(00003043): 00000243
; expect: r3 IOPL3 popfd(00000003): 00003003
; expect: r1 IOPL1 popfd(00003082): 00001082
; expect: r1 IOPL0 popfd(00001006): 00000206
; expect: r0 popfd(00003A12): 00003A12
; expect: r0 popfd(00030002): 00000002
; expect: r3 pushfd (IOPL 2, IF 1): 00002202
; expect: r3 sgdt: limit=007F base ok=0
; expect: r3 sidt: limit=07FF base=00120000 
; expect: r3 sldt=0000 str=0028 smsw=0011 cs=001B ss=0023 
; expect: r3 smsw ax (TS set)=AAAA0019 smsw ebx low=0019 
; expect: after clts: cr0 TS=00010011 
