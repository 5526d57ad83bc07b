; stack_switch.asm - what the CPU pushes when an interrupt or exception changes rings.
; SDM Vol. 3A 6.12.1 (Figure 6-4): into an inner ring the CPU takes SS:ESP for the new
; ring from the TSS (SS0:ESP0 at offsets 8/4, SS1:ESP1 at 16/12) and pushes the old SS,
; ESP, EFLAGS, CS, EIP (+ error code); at the same ring it pushes only EFLAGS, CS, EIP
; (+ error code) on the current stack. Why it matters: the TSS.ESP0 switch is how every
; kernel gets a trustworthy stack on a system call, and a VMM that moves the guest kernel
; to ring 1 must keep a ring-1 stack in SS1:ESP1 or shadow the guest's TSS.
%include "lib/rt.inc"

%macro FRAME 0
        SHOW "  ss", [rt_frame_ss], 8
        SHOW "esp", [rt_frame_esp], 8
        SHOW "efl", [rt_frame_eflags], 8
        SHOW "cs", [rt_frame_cs], 4
        PUTS "built below "
        HEX [rt_frame_top], 8
        NL
%endmacro

main:
        ; ring 3 -> 0 through a DPL 3 gate: frame on the TSS.ESP0 stack
        mov dword [rt_user_eflags], 0x0246
        RING 3
        push eax
        push eax
        BACK
        PUTSLN "r3 int: ring 0 stack from TSS.ESP0=00130000"
        FRAME
        ; the frame's EIP is the instruction after int RT_BACK, the ESP the user's (two pushes)
        ; an exception with an error code from ring 3: six dwords
        TRY 3, "r3 hlt", hlt
        FRAME
        ; move ESP0: the next entry builds its frame there
        mov dword [RT_TSS + 4], RT_STACK0 - 0x800
        TRY 3, "r3 hlt (ESP0=0012F800)", hlt
        FRAME
        mov dword [RT_TSS + 4], RT_STACK0
        ; ring 1 -> 0: SS1 is not used, SS0:ESP0 is
        TRY 1, "r1 hlt", hlt
        FRAME
        ; ring 3 -> 1 through a DPL 3 gate whose code segment is DPL 1: SS1:ESP1
        SET_HANDLER 0x82, 0xEE, r1_gate_target
        mov word [RT_IDT + 0x82 * 8 + 2], SEL_CODE1 & ~3 ; the gate's code segment: DPL 1
        RING 3
        int 0x82
        ; r1_gate_target comes back to ring 0 with the ring-1 view in registers
r1_seen:
        PUTSLN "r3 int 0x82 to a DPL 1 code segment:"
        SHOW "  cs", [rt_eax], 4
        SHOW "ss", [rt_ebx], 4
        SHOW "esp", [rt_ecx], 8
        SHOW "frame ss", [rt_edx], 4
        NL
        ; same ring (0 -> 0): no SS/ESP pushed, frame on the current stack
        TRY 0, "r0 ud2", ud2
        FRAME
        mov eax, esp
        sub eax, [rt_frame_top]
        SHOW "  frame top - current esp", eax, 8
        NL
        DONE

; Reached through gate 0x82 at CPL 1 (its selector is the DPL 1 code segment).
r1_gate_target:
        mov eax, cs
        mov ebx, ss
        mov ecx, esp
        mov edx, [esp + 16]             ; the pushed SS (EIP, CS, EFLAGS, ESP, SS)
        int RT_BACK                     ; DPL 3 gate: allowed from ring 1
        jmp r1_seen                     ; BACK resumes here, in ring 0

; expect: r3 int: ring 0 stack from TSS.ESP0=00130000
; expect:   ss=00000023 esp=00137FF8 efl=00000246 cs=001B built below 00130000
; expect: r3 hlt: #GP(0000) eip=insn
; expect:   ss=00000023 esp=00138000 efl=00000246 cs=001B built below 00130000
; expect: r3 hlt (ESP0=0012F800): #GP(0000) eip=insn
; expect:   ss=00000023 esp=00138000 efl=00000246 cs=001B built below 0012F800
; expect: r1 hlt: #GP(0000) eip=insn
; expect:   ss=00000039 esp=00134000 efl=00000246 cs=0031 built below 00130000
; expect: r3 int 0x82 to a DPL 1 code segment:
; expect:   cs=0031 ss=0039 esp=00133FEC frame ss=0023 
; expect: r0 ud2: #UD eip=insn
; expect:   ss=FFFFFFFF esp=FFFFFFFF efl=00000246 cs=0008 built below 00130000
; expect:   frame top - current esp=00000000 
