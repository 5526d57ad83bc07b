; io.asm - port I/O from ring 3: IOPL and the TSS I/O permission bitmap.
; SDM Vol. 1 19.5 (18.5 in older editions) "Protected-mode I/O": IN, OUT, INS, OUTS at
; CPL <= IOPL always work; at CPL > IOPL the CPU reads the bitmap at TSS offset 102: every
; bit for the ports accessed must be 0, and a bit beyond the TSS limit counts as 1; else
; #GP(0). CLI/STI do not look at the bitmap. Why it matters: the bitmap lets a kernel
; (or a VMM, like VT-x's I/O bitmaps) give one device's ports to user code and keep the
; rest; xv6 puts the map beyond the TSS limit so that all user I/O faults.
%include "lib/rt.inc"

main:
        ; TSS limit 103: no bitmap
        mov edx, 0x80
        TRY 3, "r3 in al, 0x80 (IOPL 0, no bitmap)", in al, 0x80
        TRY 3, "r3 out dx, al (IOPL 0, no bitmap)", out dx, al
        TRY 0, "r0 in al, 0x80", in al, 0x80
        ; the same TSS through a descriptor whose limit covers the bitmap: allow 0xE9 and
        ; 0x80, deny 0x81 (rt.inc starts with every bit set)
        and byte [RT_IOMAP + 0xE9 / 8], ~(1 << (0xE9 % 8)) & 0xFF
        and byte [RT_IOMAP + 0x80 / 8], ~(1 << (0x80 % 8)) & 0xFF
        mov ax, SEL_TSS_IOMAP
        ltr ax
        PUTS "r3 out 0xE9 with the bitmap: "
        RING 3
        mov al, 'h'
        out 0xE9, al
        mov al, 'i'
        mov edx, 0xE9
        out dx, al
        BACK
        NL
        TRY 3, "r3 in al, 0x80 (bit 0)", in al, 0x80
        TRY 3, "r3 in al, 0x81 (bit 1)", in al, 0x81
        TRY 3, "r3 in ax, 0x80 (0x80 ok, 0x81 not)", in ax, 0x80
        TRY 3, "r3 in ax, 0x7F (0x7F not)", in ax, 0x7F
        and byte [RT_IOMAP + 0x81 / 8], ~(1 << (0x81 % 8)) & 0xFF
        TRY 3, "r3 in ax, 0x80 (both clear)", in ax, 0x80
        TRY 3, "r3 in eax, 0x80 (0x82, 0x83 not)", in eax, 0x80
        mov edx, 0x81
        TRY 3, "r3 out dx, al (0x81)", out dx, al
        ; outsb and insb take the same check
        mov edx, 0xE9
        mov esi, excl
        TRY 3, "r3 outsb to 0xE9", outsb
        mov edx, 0x3F8
        mov esi, excl
        TRY 3, "r3 outsb to 0x3F8", outsb
        mov edx, 0x80
        mov edi, RT_SCRATCH
        TRY 3, "r3 insb from 0x80", insb
        ; the bitmap does not make cli legal
        TRY 3, "r3 cli (bitmap, IOPL 0)", cli
        ; ring 1 with IOPL 1: the bitmap is not consulted
        or byte [RT_IOMAP + 0x80 / 8], 1
        mov dword [rt_user_eflags], 0x1002
        TRY 1, "r1 in al, 0x80 (IOPL 1, bit set)", in al, 0x80
        TRY 3, "r3 in al, 0x80 (IOPL 1, bit set)", in al, 0x80
        ; IOPL 3: everything goes, whatever the bitmap says
        mov dword [rt_user_eflags], 0x3002
        TRY 3, "r3 in al, 0x80 (IOPL 3, bit set)", in al, 0x80
        TRY 3, "r3 in al, 0x64 (IOPL 3)", in al, 0x64
        ; a map base beyond the limit: no bitmap again
        mov dword [rt_user_eflags], 0x0002
        mov word [RT_TSS + 102], 0x4000
        TRY 3, "r3 out 0xE9 (map base beyond the limit)", out 0xE9, al
        DONE

excl:   db "!"

; expect: r3 in al, 0x80 (IOPL 0, no bitmap): #GP(0000) eip=insn
; expect: r3 out dx, al (IOPL 0, no bitmap): #GP(0000) eip=insn
; expect: r0 in al, 0x80: ok
; expect: r3 out 0xE9 with the bitmap: hi
; expect: r3 in al, 0x80 (bit 0): ok
; expect: r3 in al, 0x81 (bit 1): #GP(0000) eip=insn
; expect: r3 in ax, 0x80 (0x80 ok, 0x81 not): #GP(0000) eip=insn
; expect: r3 in ax, 0x7F (0x7F not): #GP(0000) eip=insn
; expect: r3 in ax, 0x80 (both clear): ok
; expect: r3 in eax, 0x80 (0x82, 0x83 not): #GP(0000) eip=insn
; expect: r3 out dx, al (0x81): ok
; expect: !r3 outsb to 0xE9: ok
; expect: r3 outsb to 0x3F8: #GP(0000) eip=insn
; expect: r3 insb from 0x80: ok
; expect: r3 cli (bitmap, IOPL 0): #GP(0000) eip=insn
; expect: r1 in al, 0x80 (IOPL 1, bit set): ok
; expect: r3 in al, 0x80 (IOPL 1, bit set): #GP(0000) eip=insn
; expect: r3 in al, 0x80 (IOPL 3, bit set): ok
; expect: r3 in al, 0x64 (IOPL 3): ok
; expect: r3 out 0xE9 (map base beyond the limit): #GP(0000) eip=insn
