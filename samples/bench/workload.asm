; workload.asm - the fixed workload `ringscope bench` measures.
;
; Two tasks share the CPU under the timer: each runs a loop of ordinary
; work (arithmetic, memory through its own page tables, calls) with a
; system call every 64 iterations, so the run mixes ring-3 code, ring
; crossings, interrupts and kernel code roughly as a small OS does.
; It never finishes on its own: bench stops it after a fixed number of
; instructions.
;
; expect: minios: starting 2 user tasks

%include "lib.inc"
%define USER_TASK2 worker

user_main:
worker:
        mov     edi, buffer
        xor     ebx, ebx
.loop:
        mov     eax, ebx
        imul    eax, eax, 1103515245
        add     eax, 12345
        mov     ecx, ebx
        and     ecx, 63
        mov     [edi + ecx*4], eax
        add     edx, [edi + ecx*4]
        call    mix
        inc     ebx
        test    ebx, 63
        jnz     .loop
        GETPID
        jmp     .loop

mix:
        xor     edx, eax
        rol     edx, 5
        ret

buffer: times 64 dd 0
