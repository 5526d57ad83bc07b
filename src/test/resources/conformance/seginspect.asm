; seginspect.asm - LAR, LSL, VERR, VERW: asking about a segment without loading it.
; SDM Vol. 2A LAR/LSL, Vol. 2C VERR/VERW: each sets ZF=1 and (LAR/LSL) writes the answer
; only if the descriptor is inside the table, of a type the instruction accepts, and
; visible at max(CPL, RPL) <= DPL (conforming code segments skip that check); otherwise
; ZF=0 and the destination is unchanged. LAR returns the access bytes masked 0x00FxFF00,
; LSL the limit in bytes (scaled by G). No fault at any CPL.
; Why it matters: they are "protection-system" instructions Robin & Irvine list as
; sensitive but unprivileged: their answer depends on CPL, so a guest kernel moved to
; ring 1 gets different answers unless a VMM intervenes.
; Loading a segment register sets the descriptor's accessed bit (SDM 3A 3.4.5.1), seen here
; in LAR's answer for 0x23 (type 3, not 2). QEMU does so for data and stack segments but
; not for CS loaded by a far jump, so the accessed bit of 0x08 is masked.
%include "lib/rt.inc"

RESULTS equ RT_SCRATCH

main:
        RING 3
        call inspect_all
        BACK
        PUTSLN "ring 3:"
        call print_all
        mov dword [RT_SCRATCH + 0xF00], 0
        call inspect_all
        PUTSLN "ring 0:"
        call print_all
        ; RPL raises the bar too: lar of the DPL 1 data segment with RPL 3 from ring 0
        mov ebx, SEL_DATA1 | 3
        mov eax, 0x12345678
        lar eax, ebx
        pushfd
        pop ecx
        PUTS "r0 lar 003B (RPL 3, DPL 1): "
        FLAGS ecx, F_ZF
        PUTS " "
        HEX eax, 8
        NL
        DONE

selectors:
        dw SEL_CODE0, SEL_DATA3, SEL_TSS, SEL_TSS_IOMAP, SEL_NP_DATA, SEL_XO_CODE3
        dw SEL_RO_DATA3, SEL_SMALL_DATA3, SEL_LDT, SEL_CONF_CODE0, SEL_DATA1, 0, 0x0200
selectors_end:

; for each selector: 4 dwords (lar value, lar flags, lsl value, lsl flags) and
; 2 dwords (verr flags, verw flags)
inspect_all:
        mov esi, selectors
        mov edi, RESULTS
.next:  movzx ebx, word [esi]
        mov eax, 0xEEEEEEEE
        lar eax, ebx
        pushfd
        mov [edi], eax
        pop dword [edi + 4]
        mov eax, 0xEEEEEEEE
        lsl eax, ebx
        pushfd
        mov [edi + 8], eax
        pop dword [edi + 12]
        verr bx
        pushfd
        pop dword [edi + 16]
        verw bx
        pushfd
        pop dword [edi + 20]
        add esi, 2
        add edi, 24
        cmp esi, selectors_end
        jb .next
        ret

print_all:
        mov esi, selectors
        mov edi, RESULTS
.next:  PUTS "  "
        movzx eax, word [esi]
        HEX eax, 4
        PUTS ": lar "
        FLAGS [edi + 4], F_ZF
        PUTS " "
        mov eax, [edi]
        cmp word [esi], SEL_CODE0
        jne .show
        and eax, ~0x100                 ; see below: CS's accessed bit is not asserted
.show:  HEX eax, 8
        PUTS "  lsl "
        FLAGS [edi + 12], F_ZF
        PUTS " "
        HEX [edi + 8], 8
        PUTS "  verr "
        FLAGS [edi + 16], F_ZF
        PUTS "  verw "
        FLAGS [edi + 20], F_ZF
        NL
        add esi, 2
        add edi, 24
        cmp esi, selectors_end
        jb .next
        ret

; expect: ring 3:
; expect:   0008: lar ..-... EEEEEEEE  lsl ..-... EEEEEEEE  verr ..-...  verw ..-...
; expect:   0023: lar ..Z... 00C0F300  lsl ..Z... FFFFFFFF  verr ..Z...  verw ..Z...
; expect:   0028: lar ..-... EEEEEEEE  lsl ..-... EEEEEEEE  verr ..-...  verw ..-...
; expect:   0040: lar ..-... EEEEEEEE  lsl ..-... EEEEEEEE  verr ..-...  verw ..-...
; expect:   0048: lar ..-... EEEEEEEE  lsl ..-... EEEEEEEE  verr ..-...  verw ..-...
; expect:   0053: lar ..Z... 00C0F800  lsl ..Z... FFFFFFFF  verr ..-...  verw ..-...
; expect:   005B: lar ..Z... 00C0F000  lsl ..Z... FFFFFFFF  verr ..Z...  verw ..-...
; expect:   0063: lar ..Z... 0040F200  lsl ..Z... 00000FFF  verr ..Z...  verw ..Z...
; expect:   0068: lar ..-... EEEEEEEE  lsl ..-... EEEEEEEE  verr ..-...  verw ..-...
; expect:   0070: lar ..Z... 00C09E00  lsl ..Z... FFFFFFFF  verr ..Z...  verw ..-...
; expect:   0039: lar ..-... EEEEEEEE  lsl ..-... EEEEEEEE  verr ..-...  verw ..-...
; expect:   0000: lar ..-... EEEEEEEE  lsl ..-... EEEEEEEE  verr ..-...  verw ..-...
; expect:   0200: lar ..-... EEEEEEEE  lsl ..-... EEEEEEEE  verr ..-...  verw ..-...
; expect: ring 0:
; expect:   0008: lar ..Z... 00C09A00  lsl ..Z... FFFFFFFF  verr ..Z...  verw ..-...
; expect:   0023: lar ..Z... 00C0F300  lsl ..Z... FFFFFFFF  verr ..Z...  verw ..Z...
; expect:   0028: lar ..Z... 00008B00  lsl ..Z... 00000067  verr ..-...  verw ..-...
; expect:   0040: lar ..Z... 00008900  lsl ..Z... 00002068  verr ..-...  verw ..-...
; expect:   0048: lar ..Z... 00C01200  lsl ..Z... FFFFFFFF  verr ..Z...  verw ..Z...
; expect:   0053: lar ..Z... 00C0F800  lsl ..Z... FFFFFFFF  verr ..-...  verw ..-...
; expect:   005B: lar ..Z... 00C0F000  lsl ..Z... FFFFFFFF  verr ..Z...  verw ..-...
; expect:   0063: lar ..Z... 0040F200  lsl ..Z... 00000FFF  verr ..Z...  verw ..Z...
; expect:   0068: lar ..Z... 00008200  lsl ..Z... 0000000F  verr ..-...  verw ..-...
; expect:   0070: lar ..Z... 00C09E00  lsl ..Z... FFFFFFFF  verr ..Z...  verw ..-...
; expect:   0039: lar ..Z... 00C0B200  lsl ..Z... FFFFFFFF  verr ..Z...  verw ..Z...
; expect:   0000: lar ..-... EEEEEEEE  lsl ..-... EEEEEEEE  verr ..-...  verw ..-...
; expect:   0200: lar ..-... EEEEEEEE  lsl ..-... EEEEEEEE  verr ..-...  verw ..-...
; expect: r0 lar 003B (RPL 3, DPL 1): ..-... 12345678
