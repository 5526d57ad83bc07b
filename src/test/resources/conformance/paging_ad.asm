; paging_ad.asm - accessed and dirty bits; INVLPG and the TLB.
; SDM Vol. 3A 4.8: the CPU sets A in each paging-structure entry it uses for a translation
; and D in the PTE on the first write through it. 4.10.4: after changing a PTE, software
; must INVLPG the page (or reload CR3) - until then the CPU MAY go on using the old
; translation (it is not required to: QEMU, for one, does keep it; that is not asserted).
; Why it matters: A/D drive a kernel's page replacement; a VMM with shadow page tables has
; to emulate them, and has to hook INVLPG/CR3 loads to keep its shadows in step.
%include "lib/rt.inc"

PAGE_A  equ RT_SCRATCH + 0x4000
PAGE_V  equ RT_SCRATCH + 0x5000         ; remapped below
FRAME_1 equ RT_SCRATCH + 0x6000
FRAME_2 equ RT_SCRATCH + 0x7000

%macro SHOW_AD 1
        mov eax, [%1]
        and eax, 0x60
        SHOW "A|D", eax, 2
%endmacro

main:
        call rt_paging_on
        SHOW_AD RT_PD
        PUTSLN "(PDE 0 after paging on)"
        mov dword [RT_PTE(PAGE_A)], PAGE_A | 7
        call rt_flush_tlb
        SHOW_AD RT_PTE(PAGE_A)
        PUTSLN "(fresh PTE)"
        mov eax, [PAGE_A]
        SHOW_AD RT_PTE(PAGE_A)
        PUTSLN "(after a read)"
        mov [PAGE_A], eax
        SHOW_AD RT_PTE(PAGE_A)
        PUTSLN "(after a write)"
        ; from ring 3, through a fresh TLB entry
        mov dword [RT_PTE(PAGE_A)], PAGE_A | 7
        call rt_flush_tlb
        RING 3
        mov eax, [PAGE_A]
        BACK
        SHOW_AD RT_PTE(PAGE_A)
        PUTSLN "(after a ring-3 read)"
        RING 3
        mov [PAGE_A + 4], eax
        BACK
        SHOW_AD RT_PTE(PAGE_A)
        PUTSLN "(after a ring-3 write)"
        ; INVLPG: the new mapping is used after it
        mov dword [FRAME_1], 0x11111111
        mov dword [FRAME_2], 0x22222222
        mov dword [RT_PTE(PAGE_V)], FRAME_1 | 7
        call rt_flush_tlb
        SHOW "read", [PAGE_V], 8
        NL
        mov dword [RT_PTE(PAGE_V)], FRAME_2 | 7
        mov eax, [PAGE_V]               ; the SDM allows either frame here: not printed
        invlpg [PAGE_V]
        SHOW "remapped, after invlpg", [PAGE_V], 8
        NL
        mov dword [RT_PTE(PAGE_V)], FRAME_1 | 7
        mov eax, cr3
        mov cr3, eax
        SHOW "remapped, after mov cr3", [PAGE_V], 8
        NL
        mov dword [RT_PTE(PAGE_V)], 0
        invlpg [PAGE_V + 0x123]         ; any address in the page
        TRY 0, "not present after invlpg", mov eax, [PAGE_V]
        ; invlpg is privileged but never faults on the address itself
        TRY 0, "invlpg of an unmapped address", invlpg [0x40000000]
        DONE

; expect: A|D=20 (PDE 0 after paging on)
; expect: A|D=00 (fresh PTE)
; expect: A|D=20 (after a read)
; expect: A|D=60 (after a write)
; expect: A|D=20 (after a ring-3 read)
; expect: A|D=60 (after a ring-3 write)
; expect: read=11111111 
; expect: remapped, after invlpg=22222222 
; expect: remapped, after mov cr3=11111111 
; expect: not present after invlpg: #PF(0000) eip=insn
; expect: invlpg of an unmapped address: ok
