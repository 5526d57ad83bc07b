; in.asm - nanobenchmark "in" (Adams & Agesen, ASPLOS 2006, 6.4): an `in`
; from port 0x80, the POST diagnostic port, executed by the guest KERNEL.
;
; The paper runs `in al, 0x80` in the guest kernel. A minios user task has
; no I/O rights (IOPL 0), so each iteration asks the kernel to do it: the
; inb(0x80) system call (minios/syscall.asm) executes one `in al, 0x80` in
; ring 0 and returns the byte. Why not iopl(3) and an `in` in ring 3? Under
; binary translation user code runs directly, so a ring-3 `in` would trap to
; the VMM instead of being translated: the paper's effect is in KERNEL code.
; An iteration is therefore a syscall round trip plus one `in`; subtract
; samples/bench/syscall.asm for the `in` alone.
;
; Paper (REFERENCE.md 6): native 3209 cycles (the port is a slow off-chip
; register), software VMM about 214 - fifteen times FASTER than native,
; because the translated `in` is emulated in the VMM without touching the
; device - and hardware VMM 15826: every `in` is a VM exit (I/O
; instruction, exit reason 30) plus the same emulation.
;
; The byte's value is not printed: it depends on the machine (QEMU returns
; 0xFF for an unused port), so the program only checks it is a byte.
;
; expect: minios: starting 1 user task
; expect: in: start, 1000 x inb(0x80): the kernel executes in al, 0x80
; expect: in: end, 1000 of them returned a byte
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%ifndef ITERATIONS
%define ITERATIONS 1000         ; -dITERATIONS=n; the expect lines assume 1000
%endif

user_main:
        PRINT "in: start, "
        PRINT_DEC ITERATIONS
        PRINTLN " x inb(0x80): the kernel executes in al, 0x80"
        xor esi, esi                    ; calls that returned a byte
        mov edi, ITERATIONS
.loop:
        INB 0x80
        cmp eax, 0xFF                   ; unsigned: -1 (refused) is above
        ja .next
        inc esi
.next:
        dec edi
        jnz .loop
        PRINT "in: end, "
        PRINT_DEC esi
        PRINTLN " of them returned a byte"
        cmp esi, ITERATIONS
        jne .wrong
        EXIT 0
.wrong:
        EXIT 1
