; paging.asm - two-level 4 KiB paging (SDM 3A 4.3, "32-bit paging").
;
; A linear address splits into 10 bits of page-directory index, 10 bits of
; page-table index and 12 bits of offset. Each entry holds a frame address
; and flag bits; an access from ring 3 is allowed only if U/S=1 in BOTH the
; directory and the table entry (SDM 3A 4.6.1). That bit is what keeps user
; code out of the kernel, which is mapped in every address space.

PTE_P           equ 1           ; present
PTE_W           equ 2           ; writable
PTE_U           equ 4           ; user: ring 3 may access
PTE_FRAME       equ 0xFFFFF000
PTE_KERNEL      equ PTE_P | PTE_W           ; flags of a kernel page
PTE_USER        equ PTE_P | PTE_W | PTE_U   ; flags of a user page
; (frames are 4 KiB aligned, so frame + flags = frame | flags)

; Build the kernel's address space (identity map of the first 4 MiB,
; supervisor only) and turn paging on.
paging_init:
        mov edi, KERNEL_PT
        mov eax, PTE_KERNEL             ; frame 0
        mov ecx, 1024
.map:
        stosd                           ; entry i maps page i to frame i
        add eax, PAGE
        loop .map
        mov dword [KERNEL_PD], KERNEL_PT + PTE_KERNEL
        call apic_map                   ; and the local APIC's page
        mov eax, KERNEL_PD
        ARCH_LOAD_CR3 eax
        ARCH_ENABLE_PAGING
        ret

; Build a user address space in the 3 + USER_PAGES free pages at EDI:
;   +0 page directory, +1 page table for 0-4 MiB, +2 user stack,
;   +3 ... private copy of the user program,
; and, with USER_ELF, a page table for the user region at +USER_REGION_PT.
; The page table starts as a copy of the kernel's (supervisor-only) and then
; gets three user windows. Returns EAX = the page directory (for CR3).
; Clobbers EBX, ECX, EDX, ESI.
paging_new_user_space:
        push edi
        lea esi, [KERNEL_PT]            ; copy the kernel's mappings
        add edi, PAGE
        mov ecx, 1024
        rep movsd
        mov esi, user_image_start       ; copy the program; EDI is now the stack page
        add edi, PAGE
        mov ecx, USER_PAGES * 1024
        rep movsd
        pop edi
        lea ebx, [edi + PAGE]           ; EBX = the page table

%ifdef USER_ELF
        ; window 1: the pages of the ELF program's segments in the user
        ; region, each where user_elf_pages says, with its own page table
        push ebx
        lea ebx, [edi + USER_REGION_PT]
        lea edx, [ebx + PTE_USER]
        mov [edi + (USER_REGION >> 22) * 4], edx
        xor eax, eax                    ; image page k
.image:
        mov edx, [user_elf_pages + eax * 4]     ; its address | PTE_W if writable
        mov esi, edx
        and edx, PTE_W
        or edx, PTE_P | PTE_U
        lea ecx, [eax + 3]
        shl ecx, 12
        add ecx, edi                    ; its frame: the task's copy
        or edx, ecx
        sub esi, USER_REGION
        shr esi, 12                     ; page-table index in the region
        mov [ebx + esi * 4], edx
        inc eax
        cmp eax, USER_PAGES
        jb .image
        pop ebx
%else
        ; window 1: the program copy at its link address
        mov eax, user_image_start
        shr eax, 12                     ; page number = page-table index (< 4 MiB)
        lea edx, [edi + 3 * PAGE + PTE_USER]
        mov ecx, USER_PAGES
.image:
        mov [ebx + eax * 4], edx
        inc eax
        add edx, PAGE
        loop .image
%endif

        ; window 2: the task's own stack
        lea edx, [edi + 2 * PAGE + PTE_USER]
        mov [ebx + (USER_STACK_PAGE >> 12) * 4], edx

        ; window 3: the page all tasks share
        mov dword [ebx + (USER_SHARED >> 12) * 4], SHARED_FRAME + PTE_USER

        ; the demand-paged window: not present until touched (demand.asm)
        xor edx, edx
        mov eax, USER_DEMAND >> 12
        mov ecx, DEMAND_PAGES
.demand:
        mov [ebx + eax * 4], edx
        inc eax
        loop .demand

        lea edx, [ebx + PTE_USER]
        mov [edi], edx                  ; directory entry 0 -> our table
        mov edx, [KERNEL_PD + (APIC_BASE >> 22) * 4]
        mov [edi + (APIC_BASE >> 22) * 4], edx  ; the kernel's APIC mapping, if any
        mov eax, edi
        ret

; May the current task's ring-3 code read the ECX bytes at EBX?
; The kernel must ask before it touches any address a user gave it: the
; kernel can read everything, so `write(kernel_address, n)` would otherwise
; print kernel memory. We check the same bits the CPU would check.
; Returns CF=0 if yes, CF=1 if no. Preserves all registers.
user_range_ok:
        pushad
        test ecx, ecx
        jz .yes
        lea edx, [ebx + ecx - 1]        ; last byte
        cmp edx, ebx
        jb .no                          ; wrapped around 4 GiB
        shr ebx, 12                     ; first page
        shr edx, 12                     ; last page
        mov esi, [current]
        mov esi, [esi + P_CR3]          ; page directory (identity mapped)
.page:
        mov eax, ebx
        shr eax, 10
        mov eax, [esi + eax * 4]        ; directory entry
        test eax, PTE_P
        jz .no
        test eax, PTE_U
        jz .no
        and eax, PTE_FRAME              ; the page table
        mov edi, ebx
        and edi, 1023
        mov eax, [eax + edi * 4]        ; table entry
        test eax, PTE_P
        jz .no
        test eax, PTE_U
        jz .no
        inc ebx
        cmp ebx, edx
        jbe .page
.yes:
        popad
        clc
        ret
.no:
        popad
        stc
        ret

; Where is the page-table entry for user address EBX in the current task?
; Only pages ring 3 may use count (present, U/S=1 in the directory and the
; table entry): the kernel edits nothing else on a task's behalf.
; Returns CF=0 and EDI = the entry's address, or CF=1. Preserves the others.
paging_user_pte:
        push eax
        mov eax, [current]
        mov eax, [eax + P_CR3]          ; page directory (identity mapped)
        mov edi, ebx
        shr edi, 22
        mov eax, [eax + edi * 4]        ; directory entry
        test eax, PTE_P
        jz .no
        test eax, PTE_U
        jz .no
        and eax, PTE_FRAME              ; the page table
        mov edi, ebx
        shr edi, 12
        and edi, 1023
        lea edi, [eax + edi * 4]        ; the table entry
        test dword [edi], PTE_P
        jz .no
        test dword [edi], PTE_U
        jz .no
        pop eax
        clc
        ret
.no:
        pop eax
        stc
        ret
