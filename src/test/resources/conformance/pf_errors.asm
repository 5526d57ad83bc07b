; pf_errors.asm - page-fault error codes and CR2.
; SDM Vol. 3A 4.7 (Figure 4-12): #PF pushes an error code with bit 0 P (0 = not present,
; 1 = protection), bit 1 W/R (write), bit 2 U/S (the access was made at CPL 3), and CR2
; holds the linear address. 4.6: CPL 3 needs U/S=1 (and R/W=1 to write); CPL 0-2 may read
; anything present and write read-only pages unless CR0.WP=1. Without NX/SMEP the I/D bit
; (4) stays 0 for instruction fetches. #PF is a fault: the pushed EIP is the instruction's.
; Why it matters: this is memory protection between rings, and the information a kernel
; (or a VMM with shadow page tables) uses to tell demand paging from a real violation.
%include "lib/rt.inc"

P_SUP   equ RT_SCRATCH              ; supervisor, writable
P_URO   equ RT_SCRATCH + 0x1000     ; user, read-only
P_NP    equ RT_SCRATCH + 0x2000     ; not present
P_SRO   equ RT_SCRATCH + 0x3000     ; supervisor, read-only
P_NP2   equ RT_SCRATCH + 0x5000     ; not present (after a writable page)

%macro PF 3+
        TRY %1, %2, %3
        cmp dword [rt_vector], 14
        jne %%done
        SHOW "  cr2", cr2, 8
        NL
%%done:
%endmacro

main:
        call rt_paging_on
        mov dword [RT_PTE(P_SUP)], P_SUP | 3
        mov dword [RT_PTE(P_URO)], P_URO | 5
        mov dword [RT_PTE(P_NP)], 0
        mov dword [RT_PTE(P_SRO)], P_SRO | 1
        call rt_flush_tlb
        mov dword [P_SUP], 0x5E5E5E5E
        PF 3, "r3 read supervisor", mov eax, [P_SUP + 4]
        PF 3, "r3 write supervisor", mov [P_SUP + 8], eax
        PF 3, "r3 read user read-only", mov eax, [P_URO]
        PF 3, "r3 write user read-only", mov byte [P_URO + 0x123], 1
        PF 3, "r3 read not present", mov eax, [P_NP + 0x10]
        PF 3, "r3 write not present", mov [P_NP + 0xFFC], eax
        PF 0, "r0 read not present", mov eax, [P_NP]
        PF 0, "r0 write not present", mov [P_NP], eax
        PF 1, "r1 read supervisor", mov eax, [P_SUP]
        PF 0, "r0 write supervisor read-only, WP=0", mov [P_SRO], eax
        PF 0, "r0 write user read-only, WP=0", mov [P_URO], eax
        PF 1, "r1 write supervisor read-only, WP=0", mov [P_SRO], eax
        mov eax, cr0
        or eax, 1 << 16                 ; CR0.WP
        mov cr0, eax
        PF 0, "r0 write supervisor read-only, WP=1", mov [P_SRO + 4], eax
        PF 0, "r0 write user read-only, WP=1", mov [P_URO + 4], eax
        PF 1, "r1 write supervisor read-only, WP=1", mov [P_SRO + 8], eax
        PF 0, "r0 read supervisor read-only, WP=1", mov eax, [P_SRO]
        ; instruction fetches: a read, I/D stays 0 without NX
        PF 0, "r0 jmp to not present", jmp P_NP
        PF 3, "r3 jmp to supervisor", jmp P_SUP
        ; an access across a page boundary faults on the page that is missing
        PF 3, "r3 read dword at P_URO+0xFFE", mov eax, [P_URO + 0xFFE]
        ; a push to a not-present stack page from ring 3
        mov dword [RT_PTE(RT_STACK3 - 4)], 0
        call rt_flush_tlb
        PF 3, "r3 push on a not-present stack", push eax
        SHOW "  esp unchanged", [rt_frame_esp], 8
        NL
        ; a REP string instruction faults mid-way with ECX/ESI/EDI showing its progress
        ; (SDM Vol. 2B REP: restartable), and the pushed EIP is the instruction's
        cld
        mov esi, RT_SCRATCH + 0x100
        mov dword [RT_PTE(P_NP2)], 0
        invlpg [P_NP2]
        mov edi, P_NP2 - 6
        mov ecx, 16
        PF 0, "r0 rep movsb into a not-present page", rep movsb
        SHOW "  ecx", [rt_ecx], 8
        mov eax, [rt_edi]
        sub eax, P_NP2
        SHOW "edi-P_NP2", eax, 8
        mov eax, [rt_esi]
        sub eax, RT_SCRATCH + 0x100
        SHOW "esi moved", eax, 8
        NL
        mov dword [RT_PTE(RT_STACK3 - 4)], (RT_STACK3 - 0x1000) | 7
        ; the PDE counts too: U/S=0 in the directory closes the whole 4 MiB to ring 3
        and dword [RT_PD], ~4
        call rt_flush_tlb
        TRY 3, "r3 nop with PDE U/S=0 (the fetch faults)", nop
        mov eax, cr2
        cmp eax, [rt_frame_eip]
        jne .bad
        PUTSLN "  cr2 = pushed eip"
.bad:   DONE

; expect: r3 read supervisor: #PF(0005) eip=insn
; expect:   cr2=00150004 
; expect: r3 write supervisor: #PF(0007) eip=insn
; expect:   cr2=00150008 
; expect: r3 read user read-only: ok
; expect: r3 write user read-only: #PF(0007) eip=insn
; expect:   cr2=00151123 
; expect: r3 read not present: #PF(0004) eip=insn
; expect:   cr2=00152010 
; expect: r3 write not present: #PF(0006) eip=insn
; expect:   cr2=00152FFC 
; expect: r0 read not present: #PF(0000) eip=insn
; expect:   cr2=00152000 
; expect: r0 write not present: #PF(0002) eip=insn
; expect:   cr2=00152000 
; expect: r1 read supervisor: ok
; expect: r0 write supervisor read-only, WP=0: ok
; expect: r0 write user read-only, WP=0: ok
; expect: r1 write supervisor read-only, WP=0: ok
; expect: r0 write supervisor read-only, WP=1: #PF(0003) eip=insn
; expect:   cr2=00153004 
; expect: r0 write user read-only, WP=1: #PF(0003) eip=insn
; expect:   cr2=00151004 
; expect: r1 write supervisor read-only, WP=1: #PF(0003) eip=insn
; expect:   cr2=00153008 
; expect: r0 read supervisor read-only, WP=1: ok
; expect: r0 jmp to not present: #PF(0000) eip=00152000
; expect:   cr2=00152000 
; expect: r3 jmp to supervisor: #PF(0005) eip=00150000
; expect:   cr2=00150000 
; expect: r3 read dword at P_URO+0xFFE: #PF(0004) eip=insn
; expect:   cr2=00152000 
; expect: r3 push on a not-present stack: #PF(0006) eip=insn
; expect:   cr2=00137FFC 
; expect:   esp unchanged=00138000 
; expect: r0 rep movsb into a not-present page: #PF(0002) eip=insn
; expect:   cr2=00155000 
; expect:   ecx=0000000A edi-P_NP2=00000000 esi moved=00000006 
; expect: r3 nop with PDE U/S=0 (the fetch faults): #PF(0005) eip=insn
; expect:   cr2 = pushed eip
