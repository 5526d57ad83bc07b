; pse.asm - 4 MiB pages (CR4.PSE).
; SDM Vol. 3A 4.3 (Table 4-4): with CR4.PSE=1 a PDE with PS (bit 7) = 1 maps a 4 MiB page
; directly: bits 31:22 give the frame, U/S and R/W apply as for a PTE, and the CPU sets A
; and D in that PDE. CPUID.01H:EDX bit 3 reports PSE.
; Why it matters: large pages are how kernels map themselves cheaply, and a VMM's shadow
; or nested page tables must honour the same size and rights.
%include "lib/rt.inc"

BIG     equ 0x00800000                  ; PDE 2: 4 MiB alias of physical 0-4 MiB
BIG_SUP equ 0x00C00000                  ; PDE 3: the same, supervisor only
DATA    equ RT_SCRATCH + 0x8000

main:
        mov eax, 1
        cpuid
        shr edx, 3
        and edx, 1
        SHOW "cpuid pse", edx, 1
        NL
        call rt_paging_on
        mov eax, cr4
        or eax, 0x10                    ; CR4.PSE
        mov cr4, eax
        mov dword [RT_PD + 2 * 4], 0x00000000 | 0x87   ; PS | U/S | R/W | P
        mov dword [RT_PD + 3 * 4], 0x00000000 | 0x83   ; PS | R/W | P
        call rt_flush_tlb
        mov dword [DATA], 0xCAFEF00D
        SHOW "read through the big page", [BIG + DATA], 8
        NL
        mov eax, [RT_PD + 2 * 4]
        SHOW "PDE", eax, 8
        NL
        mov dword [BIG + DATA + 4], 0x600DF00D
        SHOW "written through it", [DATA + 4], 8
        SHOW "PDE", [RT_PD + 2 * 4], 8
        NL
        mov ebx, BIG + DATA
        TRY 3, "r3 read, U/S=1 big page", mov eax, [ebx]
        mov ebx, BIG_SUP + DATA
        TRY 3, "r3 read, U/S=0 big page", mov eax, [ebx]
        SHOW "  cr2", cr2, 8
        NL
        ; read-only big page with WP=1
        mov eax, cr0
        or eax, 1 << 16
        mov cr0, eax
        mov dword [RT_PD + 3 * 4], 0x00000000 | 0x81   ; PS | P: supervisor, read-only
        invlpg [BIG_SUP + DATA]
        mov ebx, BIG_SUP + DATA
        TRY 0, "r0 write, read-only big page, WP=1", mov [ebx], eax
        ; one invlpg drops the whole 4 MiB translation
        mov dword [RT_PD + 2 * 4], 0x00400000 | 0x87   ; now maps physical 4-8 MiB
        invlpg [BIG]
        mov dword [RT_PD + 1 * 4], 0x00400000 | 0x87   ; identity 4-8 MiB, to write there
        invlpg [0x00400000]
        mov dword [0x00401234], 0x4B4B4B4B
        SHOW "remapped big page", [BIG + 0x1234], 8
        NL
        DONE

; expect: cpuid pse=1 
; expect: read through the big page=CAFEF00D 
; expect: PDE=000000A7 
; expect: written through it=600DF00D PDE=000000E7 
; expect: r3 read, U/S=1 big page: ok
; expect: r3 read, U/S=0 big page: #PF(0005) eip=insn
; expect:   cr2=00D58000 
; expect: r0 write, read-only big page, WP=1: #PF(0003) eip=insn
; expect: remapped big page=4B4B4B4B 
