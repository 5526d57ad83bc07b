; rmw_faults.asm - a read-modify-write instruction whose write faults changes nothing.
; SDM Vol. 3A 6.5: a fault is reported with the state from before the instruction, so it can
; be restarted. Here each P6 read-modify-write instruction writes to a read-only page (ring 0,
; CR0.WP=1): #PF, and its registers, its flags and the memory are as they were. CMPXCHG and
; CMPXCHG8B write even when the comparison fails (SDM Vol. 2A), so they fault then too. A BT
; family register offset of -1 from a writable page selects the last dword of the read-only
; page before it: CR2 says which. Why it matters: a VMM that write-protects page tables (shadow
; paging) sees these faults, emulates or retries, and the guest must not notice.
%include "lib/rt.inc"

RO      equ RT_SCRATCH + 0x3000         ; made read-only
RW      equ RT_SCRATCH + 0x4000         ; the writable page after it

; W "label", instruction: EAX..EDX = 1..4, ESI = -1, EFLAGS = all six arithmetic flags set; run it in
; ring 0; print the outcome, the registers and flags the handler saw, and the memory
%macro W 2+
        mov eax, 1
        mov ebx, 2
        mov ecx, 3
        mov edx, 4
        mov esi, -1
        TRY 0, %1, %2
        SHOW "  eax", [rt_eax], 8
        SHOW "ebx", [rt_ebx], 8
        SHOW "ecx", [rt_ecx], 8
        SHOW "edx", [rt_edx], 8
        FLAGS [rt_frame_eflags], F_ALL
        PUTS " "
        SHOW "m", [RO + 0xFFC], 8
        SHOW "", [RO], 8
        SHOW "", [RO + 4], 8
        mov eax, cr2
        SHOW "cr2", eax, 8
        NL
%endmacro

main:
        call rt_paging_on
        mov eax, cr0
        or eax, 1 << 16                 ; CR0.WP: ring 0 respects read-only pages too
        mov cr0, eax
        mov dword [RO], 1
        mov dword [RO + 4], 0x22222222
        mov dword [RO + 0xFFC], 0x0F0F0F0F
        and dword [RT_PTE(RO)], ~2
        call rt_flush_tlb
        mov dword [rt_user_eflags], F_ALL | 2
        W "lock xadd [ro], ecx", lock xadd [RO], ecx
        W "cmpxchg [ro], ebx (equal)", cmpxchg [RO], ebx
        W "cmpxchg [ro], ebx (differ)", cmpxchg [RO + 4], ebx
        W "cmpxchg8b [ro] (differ)", cmpxchg8b [RO]
        W "bts [ro], 5", bts dword [RO], 5
        W "btc [rw], -1: the page before", btc [RW], esi
        W "shld [ro], ebx, 4", shld [RO], ebx, 4
        W "setc [ro]", setc [RO]
        DONE
; expect: lock xadd [ro], ecx: #PF(0003) eip=insn
; expect:   eax=00000001 ebx=00000002 ecx=00000003 edx=00000004 OSZAPC m=0F0F0F0F =00000001 =22222222 cr2=00153000 
; expect: cmpxchg [ro], ebx (equal): #PF(0003) eip=insn
; expect:   eax=00000001 ebx=00000002 ecx=00000003 edx=00000004 OSZAPC m=0F0F0F0F =00000001 =22222222 cr2=00153000 
; expect: cmpxchg [ro], ebx (differ): #PF(0003) eip=insn
; expect:   eax=00000001 ebx=00000002 ecx=00000003 edx=00000004 OSZAPC m=0F0F0F0F =00000001 =22222222 cr2=00153004 
; expect: cmpxchg8b [ro] (differ): #PF(0003) eip=insn
; expect:   eax=00000001 ebx=00000002 ecx=00000003 edx=00000004 OSZAPC m=0F0F0F0F =00000001 =22222222 cr2=00153000 
; expect: bts [ro], 5: #PF(0003) eip=insn
; expect:   eax=00000001 ebx=00000002 ecx=00000003 edx=00000004 OSZAPC m=0F0F0F0F =00000001 =22222222 cr2=00153000 
; expect: btc [rw], -1: the page before: #PF(0003) eip=insn
; expect:   eax=00000001 ebx=00000002 ecx=00000003 edx=00000004 OSZAPC m=0F0F0F0F =00000001 =22222222 cr2=00153FFC 
; expect: shld [ro], ebx, 4: #PF(0003) eip=insn
; expect:   eax=00000001 ebx=00000002 ecx=00000003 edx=00000004 OSZAPC m=0F0F0F0F =00000001 =22222222 cr2=00153000 
; expect: setc [ro]: #PF(0003) eip=insn
; expect:   eax=00000001 ebx=00000002 ecx=00000003 edx=00000004 OSZAPC m=0F0F0F0F =00000001 =22222222 cr2=00153000 
