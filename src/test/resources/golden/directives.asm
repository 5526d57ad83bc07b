; Directives, expressions and the preprocessor, in the subset RingScope's guests use.
; directives.bin is `nasm -f bin directives.asm -o directives.bin` (NASM 2.16.01).
bits 32
org 0x100000

%include "inc/consts.inc"
%include "inc/consts.inc"        ; guarded: a second include adds nothing

%define STACK_TOP 0x9000
%define SQUARE(x) ((x) * (x))
%assign counter 0

%macro PUSH_SOME 1-3 0, 0         ; defaults for the missing arguments
    push %1
    push %2
    push %3
%endmacro

%macro SPIN 1                     ; a macro-local label per expansion
%%again:
    dec %1
    jnz %%again
%endmacro

start:
    mov esp, STACK_TOP
    mov eax, SQUARE(3) + 1
    OUTB DEBUGCON, 'A'
    OUTB dx, 10
    PUSH_SOME eax, ebx, 7
    PUSH_SOME ecx
    SPIN ecx
    SPIN edx
.loop:
    cmp eax, (end - start) / 2
    jae .far
    jmp short .loop
    jmp .loop
    times 130 nop                 ; pushes .far out of short range
.far:
    je start                      ; backwards, far: near form
    jne .near                     ; forwards, near: short form
    nop
.near:
    call helper
    lea esi, [message + 2]
    mov edi, [table + ebx*4]
    mov eax, [esi + ecx*8 - 4]
    mov ebx, $ - start
    mov ecx, $$
    mov edx, fwd_const
    add edx, fwd_const            ; forward constant: still the short imm8 form
    push word 0x1234
    push dword 5
    push strict dword 5
    jmp 0x08:.after
.after:
%rep 3
    inc dword [counter_cell]
%assign counter counter+1
%endrep
    mov eax, counter
%if counter > 2
    mov ebx, 1
%else
    mov ebx, 2
%endif
%ifdef UNDEFINED_THING
    ud2
%endif
    mov eax, (0x1234 << 4) | 7 & ~3
    mov eax, -5 // 2
    mov eax, 17 % 5
    mov eax, 'ab'
    ret

helper:
    ret 4

align 16
message:    db "Hello, ring 3!", 10, 0
wide:       dw 'abc', 0x1234
table:      dd start, helper, message, 0
big:        dq 0x1122334455667788
counter_cell: dd 0
            times 4 db 0xAA
            align 8, db 0
end:
fwd_const equ 42
