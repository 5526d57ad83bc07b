; hostile_memory.asm - a guest kernel that goes looking for its neighbours' memory.
;
; A bare Multiboot kernel, like hostile.asm, and worse: run beside another guest,
;     ringscope run --technique hardware-assisted --vm samples/guests/hostile_memory.asm \
;                   --vm samples/guests/victim.asm
; it tries every way to another guest's memory that needs no device:
;   1. read the first word of every 4 KiB page up to 64 MiB, far past its own 32 MiB;
;   2. write a mark on every page from 2 MiB to 64 MiB and see which marks stuck;
;   3. build page tables whose entries point past its memory (32 to 64 MiB: where
;      the next guest's frames would be, were its "physical" addresses the host's),
;      turn paging on and write through them;
;   4. point its interrupt table past its memory and take an interrupt through it.
; Under a VMM its physical addresses are its own: pages past its memory answer
; nothing (all ones) and take no writes, whatever the page tables say, because
; the VMM maps guest-physical onto the guest's host frames only (EPT, shadow page
; tables, Xen's checks). So it prints exactly what it prints alone, natively -
; the tests run it beside a victim under every technique and compare.
; Step 4 ends it: the gate it reads is all ones, the #GP that follows goes through
; the same table, and the double fault after it is a triple fault - the machine,
; or under a VMM this guest alone, shuts down.
;
; expect: hostile_memory: reading every page up to 64 MiB
; expect: hostile_memory: pages that answered: 0x00002000
; expect: hostile_memory: writing every page from 2 MiB to 64 MiB
; expect: hostile_memory: pages that kept my mark: 0x00001E00
; expect: hostile_memory: paging on, page tables pointing at 32 to 64 MiB
; expect: hostile_memory: of those 1024 pages, marks kept: 0x00000000
; expect: hostile_memory: an interrupt table past my memory, and int 0x30

        bits 32
        org 0x00100000

MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 0x00010000                 ; the a.out kludge: the addresses below
mb_header:
        dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
        dd mb_header, mb_header, 0, 0, start

SCAN_END    equ 64 << 20                ; twice the memory a guest gets by default
WRITE_START equ 2 << 20                 ; above this kernel, its tables and its stack
MARK        equ 0xA5A5A5A5
BEYOND         equ 32 << 20                ; the first address past a 32 MiB guest

%macro PUTS 1+
        jmp %%after
%%text: db %1, 0
%%after:
        mov esi, %%text
        call puts
%endmacro

start:
        mov esp, stack_top
        lgdt [gdt_ptr]
        jmp 0x08:.flat
.flat:  mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax

        ; 1. read every page: a page of our memory answers (zeros, or this code), one past it reads all ones
        PUTS "hostile_memory: reading every page up to 64 MiB", 10
        xor edi, edi
        xor ecx, ecx
.read:  cmp dword [edi], 0xFFFFFFFF
        je .silent
        inc ecx
.silent:
        add edi, 4096
        cmp edi, SCAN_END
        jb .read
        PUTS "hostile_memory: pages that answered: "
        mov eax, ecx
        call hex
        PUTS 10

        ; 2. a mark on every page from 2 MiB on, then count the marks that stuck
        PUTS "hostile_memory: writing every page from 2 MiB to 64 MiB", 10
        mov edi, WRITE_START
.write: mov eax, edi
        xor eax, MARK
        mov [edi], eax
        add edi, 4096
        cmp edi, SCAN_END
        jb .write
        mov edi, WRITE_START
        xor ecx, ecx
.check: mov eax, edi
        xor eax, MARK
        cmp [edi], eax
        jne .lost
        inc ecx
.lost:  add edi, 4096
        cmp edi, SCAN_END
        jb .check
        PUTS "hostile_memory: pages that kept my mark: "
        mov eax, ecx
        call hex
        PUTS 10

        ; 3. page tables of our own: 0-4 MiB as it is (this code), 4-8 MiB onto 32-64 MiB, a page per 32 KiB
        PUTS "hostile_memory: paging on, page tables pointing at 32 to 64 MiB", 10
        xor ecx, ecx
.pt:    mov eax, ecx
        shl eax, 12
        or eax, 3                               ; present, writable, supervisor
        mov [pt_low + ecx * 4], eax
        mov eax, ecx
        shl eax, 15
        add eax, BEYOND
        or eax, 3
        mov [pt_far + ecx * 4], eax
        inc ecx
        cmp ecx, 1024
        jb .pt
        mov dword [page_dir], pt_low + 3
        mov dword [page_dir + 4], pt_far + 3
        mov eax, page_dir
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        mov edi, 4 << 20
.farw:  mov eax, edi
        xor eax, MARK
        mov [edi], eax
        add edi, 4096
        cmp edi, 8 << 20
        jb .farw
        mov edi, 4 << 20
        xor ecx, ecx
.farc:  mov eax, edi
        xor eax, MARK
        cmp [edi], eax
        jne .farl
        inc ecx
.farl:  add edi, 4096
        cmp edi, 8 << 20
        jb .farc
        mov eax, cr0
        and eax, 0x7FFFFFFF
        mov cr0, eax
        PUTS "hostile_memory: of those 1024 pages, marks kept: "
        mov eax, ecx
        call hex
        PUTS 10

        ; 4. an interrupt table past our memory: its gates read all ones
        PUTS "hostile_memory: an interrupt table past my memory, and int 0x30", 10
        lidt [far_idt_ptr]
        int 0x30
        PUTS "hostile_memory: still here", 10
        mov al, 0
        out 0xF4, al
.stop:  cli
        hlt
        jmp .stop

; ESI: zero-terminated text to the debug console (port 0xE9)
puts:
        lodsb
        test al, al
        jz .done
        out 0xE9, al
        jmp puts
.done:  ret

; EAX as 0x and eight hex digits
hex:
        push eax
        PUTS "0x"
        pop eax
        mov ecx, 8
.digit: rol eax, 4
        push eax
        and al, 0x0F
        add al, '0'
        cmp al, '9'
        jbe .out
        add al, 'A' - '0' - 10
.out:   out 0xE9, al
        pop eax
        loop .digit
        ret

        align 8
gdt:    dq 0
        dq 0x00CF9A000000FFFF                   ; 0x08 ring-0 code, flat
        dq 0x00CF92000000FFFF                   ; 0x10 ring-0 data, flat
gdt_end:
gdt_ptr: dw gdt_end - gdt - 1
        dd gdt
far_idt_ptr:
        dw 256 * 8 - 1
        dd BEYOND + 0x10000
        align 16
        times 1024 db 0
stack_top:
        align 4096
page_dir: times 1024 dd 0
pt_low:   times 1024 dd 0
pt_far:   times 1024 dd 0
image_end:
