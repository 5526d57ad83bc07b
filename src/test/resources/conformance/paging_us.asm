; paging_us.asm - U/S and R/W combine across the page directory and the page table.
; SDM Vol. 3A 4.6.1 "Determination of access rights": an access is a user-mode access if
; CPL = 3; it is allowed only if U/S = 1 in BOTH the PDE and the PTE; a user write also
; needs R/W = 1 in both. Supervisor writes need R/W = 1 in both only if CR0.WP = 1.
; Why it matters: a kernel (or a VMM's shadow page tables) can close a whole 4 MiB region
; with one PDE bit; the effective right is the most restrictive of the two levels.
%include "lib/rt.inc"

PT_BASE equ RT_SCRATCH + 0x10000        ; page tables for PDE 1..4
FRAMES  equ RT_SCRATCH + 0x20000        ; the frames they map

main:
        call rt_paging_on
        mov eax, cr0
        or eax, 1 << 16                 ; CR0.WP
        mov cr0, eax
        ; PDE i (1..4) -> page table i-1 with rights rights[i-1]; in each table, PTE j
        ; (0..3) maps frame FRAMES + j*0x1000 with rights[j]
        xor esi, esi
.pde:   mov eax, esi
        shl eax, 12
        add eax, PT_BASE
        mov edi, eax                    ; the table
        or eax, [rights + esi * 4]
        mov [RT_PD + 4 + esi * 4], eax
        xor ecx, ecx
.pte:   mov eax, ecx
        shl eax, 12
        add eax, FRAMES
        or eax, [rights + ecx * 4]
        mov [edi + ecx * 4], eax
        inc ecx
        cmp ecx, 4
        jb .pte
        inc esi
        cmp esi, 4
        jb .pde
        call rt_flush_tlb
        mov dword [i], 0
.next:  mov eax, [i]
        mov ebx, eax
        shr ebx, 2                      ; PDE row
        and eax, 3                      ; PTE column
        PUTS "PDE "
        mov esi, [names + ebx * 4]
        call rt_puts
        PUTS " PTE "
        mov esi, [names + eax * 4]
        call rt_puts
        ; the address: (row + 1) * 4 MiB + column * 4 KiB
        inc ebx
        shl ebx, 22
        shl eax, 12
        add ebx, eax
        mov [addr], ebx
        PUTS ": r3 read "
        mov ebx, [addr]
        TRYQ 3, mov eax, [ebx]
        call rt_print_result
        PUTS ", r3 write "
        mov ebx, [addr]
        TRYQ 3, mov [ebx], eax
        call rt_print_result
        PUTS ", r0 write "
        mov ebx, [addr]
        TRYQ 0, mov [ebx], eax
        call rt_print_result
        NL
        inc dword [i]
        cmp dword [i], 16
        jb .next
        DONE

i:      dd 0
addr:   dd 0
rights: dd 7, 5, 3, 1                   ; P | R/W | U/S
names:  dd n_urw, n_uro, n_srw, n_sro
n_urw:  db "U RW", 0
n_uro:  db "U RO", 0
n_srw:  db "S RW", 0
n_sro:  db "S RO", 0

; expect: PDE U RW PTE U RW: r3 read ok, r3 write ok, r0 write ok
; expect: PDE U RW PTE U RO: r3 read ok, r3 write #PF(0007) eip=insn, r0 write #PF(0003) eip=insn
; expect: PDE U RW PTE S RW: r3 read #PF(0005) eip=insn, r3 write #PF(0007) eip=insn, r0 write ok
; expect: PDE U RW PTE S RO: r3 read #PF(0005) eip=insn, r3 write #PF(0007) eip=insn, r0 write #PF(0003) eip=insn
; expect: PDE U RO PTE U RW: r3 read ok, r3 write #PF(0007) eip=insn, r0 write #PF(0003) eip=insn
; expect: PDE U RO PTE U RO: r3 read ok, r3 write #PF(0007) eip=insn, r0 write #PF(0003) eip=insn
; expect: PDE U RO PTE S RW: r3 read #PF(0005) eip=insn, r3 write #PF(0007) eip=insn, r0 write #PF(0003) eip=insn
; expect: PDE U RO PTE S RO: r3 read #PF(0005) eip=insn, r3 write #PF(0007) eip=insn, r0 write #PF(0003) eip=insn
; expect: PDE S RW PTE U RW: r3 read #PF(0005) eip=insn, r3 write #PF(0007) eip=insn, r0 write ok
; expect: PDE S RW PTE U RO: r3 read #PF(0005) eip=insn, r3 write #PF(0007) eip=insn, r0 write #PF(0003) eip=insn
; expect: PDE S RW PTE S RW: r3 read #PF(0005) eip=insn, r3 write #PF(0007) eip=insn, r0 write ok
; expect: PDE S RW PTE S RO: r3 read #PF(0005) eip=insn, r3 write #PF(0007) eip=insn, r0 write #PF(0003) eip=insn
; expect: PDE S RO PTE U RW: r3 read #PF(0005) eip=insn, r3 write #PF(0007) eip=insn, r0 write #PF(0003) eip=insn
; expect: PDE S RO PTE U RO: r3 read #PF(0005) eip=insn, r3 write #PF(0007) eip=insn, r0 write #PF(0003) eip=insn
; expect: PDE S RO PTE S RW: r3 read #PF(0005) eip=insn, r3 write #PF(0007) eip=insn, r0 write #PF(0003) eip=insn
; expect: PDE S RO PTE S RO: r3 read #PF(0005) eip=insn, r3 write #PF(0007) eip=insn, r0 write #PF(0003) eip=insn
