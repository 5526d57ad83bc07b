; hostile.asm - a guest kernel that tries to break out of its virtual machine.
;
; Not a mini-OS program: a bare Multiboot kernel of its own, run with
;     ringscope compare samples/guests/hostile.asm
; It boots in ring 0 (or believes it does) and tries what a guest must never
; manage under a VMM (Popek and Goldberg's "resource control"):
;   1. find the real descriptor tables (sgdt) and read and write them;
;   2. take over the interrupt table (lidt) and the interrupt controller;
;   3. jump to a ring-0 code segment of its own making.
; Natively all of it works - the kernel owns the machine. Under every
; technique it is contained: the VMM's tables live in memory the guest
; cannot address, lidt loads the guest's VIRTUAL IDT (the VMM keeps the real
; one and still takes every interrupt first), the PIC the guest reprograms
; is the VMM's model of it, and "ring 0" is ring 1. What the guest can do is
; NOTICE: under trap-and-emulate and binary translation, sgdt from ring 1
; shows the VMM's table and CS shows RPL 1 - the x86 holes, reported as
; VirtualizationHole events. Under VT-x nothing shows.

        bits 32
        org 0x00100000

MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 0x00010000                 ; the a.out kludge: the addresses below
mb_header:
        dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
        dd mb_header, mb_header, 0, 0, start

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

        ; 1. where are the descriptor tables, and what is there?
        sgdt [seen]
        PUTS "hostile: sgdt says the GDT is at "
        mov eax, [seen + 2]
        call hex
        mov ebx, [seen + 2]
        mov eax, [ebx + 12]                     ; the code descriptor's high half: its DPL
        PUTS ", whose code descriptor reads "
        call hex
        PUTS 10
        mov ebx, [seen + 2]
        or dword [ebx + 12], 0x6000             ; make that table's ring-0 code DPL 3 ...
        mov eax, [ebx + 12]
        PUTS "hostile: after my write it reads "
        call hex
        PUTS 10
        mov ebx, [seen + 2]
        and dword [ebx + 12], ~0x6000           ; ... and (natively) put it back

        ; 2. an interrupt table of our own, and the PIC masked
        mov eax, handler
        mov [idt + 0x30 * 8], ax
        shr eax, 16
        mov [idt + 0x30 * 8 + 6], ax
        mov word [idt + 0x30 * 8 + 2], 0x08
        mov byte [idt + 0x30 * 8 + 5], 0x8E     ; present, DPL 0, interrupt gate
        lidt [idt_ptr]
        int 0x30
        mov al, 0xFF
        out 0x21, al                            ; mask every IRQ on the master PIC
        out 0xA1, al
        PUTS "hostile: masked every interrupt at the PIC", 10

        ; 3. ring 0, by a far jump to a code segment we made
        lgdt [gdt_ptr]                          ; our table again, undamaged
        jmp 0x08:.ring0
.ring0: mov eax, cs
        push eax
        PUTS "hostile: running with CS = "
        pop eax
        call hex
        PUTS 10
        PUTS "hostile: done", 10
        mov al, 0
        out 0xF4, al
.stop:  cli
        hlt
        jmp .stop

handler:
        PUTS "hostile: my own IDT handled int 0x30", 10
        iretd

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
idt_ptr: dw 0x31 * 8 - 1
        dd idt
seen:   dw 0
        dd 0
        align 8
idt:    times 0x31 * 8 db 0
        align 16
        times 1024 db 0
stack_top:
