; console.asm - text output through the debug console, port 0xE9.
; QEMU's -debugcon and Bochs's port_e9 hack print every byte written there.
; minios writes nowhere else, so the console shows each byte exactly once.

DEBUGCON_PORT   equ 0xE9

; Print the byte in AL.
console_putc:
        ARCH_OUTB DEBUGCON_PORT
        ret

; Print the zero-terminated string at ESI. Preserves all registers.
console_puts:
        push eax
        push esi
.next:
        lodsb
        test al, al
        jz .done
        call console_putc
        jmp .next
.done:
        pop esi
        pop eax
        ret

; Print EAX as "0x" and ECX hex digits (ECX = 8 for a full 32-bit value).
; Preserves all registers.
console_put_hex:
        pushad
        mov edx, eax
        mov ebx, ecx            ; digits
        mov al, '0'
        call console_putc
        mov al, 'x'
        call console_putc
        mov ecx, 8              ; rotate the unwanted high digits out of the way
        sub ecx, ebx
        shl ecx, 2
        rol edx, cl
        mov ecx, ebx
.digit:
        rol edx, 4              ; next digit into the low nibble
        mov eax, edx
        and eax, 0x0F
        mov al, [hex_digits + eax]
        call console_putc
        loop .digit
        popad
        ret

; Print EAX as an unsigned decimal number. Preserves all registers.
console_put_dec:
        pushad
        mov ebx, 10
        xor ecx, ecx            ; digits pushed
.divide:
        xor edx, edx
        div ebx
        push edx                ; remainder = lowest digit still to print
        inc ecx
        test eax, eax
        jnz .divide
.print:
        pop eax
        add al, '0'
        call console_putc
        loop .print
        popad
        ret

console_newline:
        push eax
        mov al, 10
        call console_putc
        pop eax
        ret

hex_digits:     db "0123456789abcdef"
