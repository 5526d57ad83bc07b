; victim.asm - a guest that minds its own memory, to run beside a hostile one.
;
; A mini-OS program (its own mini OS, in its own virtual machine):
;     ringscope run --technique trap-emulate --vm samples/guests/hostile_memory.asm \
;                   --vm samples/guests/victim.asm
; It fills 16 KiB with a pattern and then, for a few hundred thousand
; instructions - many of the VMM's time slices, with the hostile guest running
; in between - sums it again and again. Any change to its memory shows as a
; different sum. Under one VMM it prints the same as alone; the tests also
; compare every byte of its memory with a run alone.
;
; expect: minios: starting 1 user task
; expect: victim: 16 KiB filled, sum 0xd07ff800
; expect: victim: 64 sums later, still 0xd07ff800: nobody touched my memory
; expect: minios: all tasks exited, exit value 0

%include "../user/lib.inc"

WORDS   equ 4096
ROUNDS  equ 64

user_main:
        mov edi, pattern                ; word i holds 0x5EED0000 + i
        mov eax, 0x5EED0000
        mov ecx, WORDS
.fill:  mov [edi], eax
        add edi, 4
        inc eax
        loop .fill
        call sum
        mov [first], eax
        PRINT "victim: 16 KiB filled, sum "
        PRINT_HEX [first], 8
        NEWLINE
        mov dword [rounds], ROUNDS
.again: call sum
        cmp eax, [first]
        jne .touched
        dec dword [rounds]
        jnz .again
        PRINT "victim: 64 sums later, still "
        PRINT_HEX [first], 8
        PRINTLN ": nobody touched my memory"
        EXIT 0
.touched:
        mov [first], eax
        PRINT "victim: my memory changed, the sum is now "
        PRINT_HEX [first], 8
        NEWLINE
        EXIT 1

; EAX = the sum of the pattern's words
sum:
        mov esi, pattern
        mov ecx, WORDS
        xor eax, eax
.add:   add eax, [esi]
        add esi, 4
        loop .add
        ret

first:  dd 0
rounds: dd 0
        align 4
pattern: times WORDS dd 0
