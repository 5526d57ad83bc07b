; cpuid.asm - ask the CPU what it is.
;
; CPUID works at any CPL and changes nothing, so Popek and Goldberg would call
; it innocuous. Yet VT-x makes it exit to the hypervisor every time, with no
; control to turn that off (SDM 3C 25.1.2): a hypervisor must be able to say
; which CPU its guest runs on - hide a feature it cannot virtualize, or
; announce itself. Run this under hardware-assisted and the event log shows a
; VM exit (reason 10) per CPUID; every technique prints the same. (QEMU, the
; reference machine of the tests, is told to be this CPU: testing/Qemu.java.)
;
; RingScope's CPU is an honest i686: vendor "RingScope686", family 6, and the
; feature bits of what is modelled (PSE, TSC, MSR, CX8, APIC, SEP, CMOV) - no FPU,
; MMX or SSE (an x87 instruction raises #NM: the kernel sets CR0.EM).
;
; expect: minios: starting 1 user task
; expect: vendor RingScope686, max leaf 0x00000001
; expect: family 6 model 6 stepping 3, features 0x00008b38
; expect: fpu 0, cx8 1, cmov 1, sep 1, tsc 1, mmx 0, sse 0
; expect: brand RingScope teaching i686 - integer only - no FPU
; expect: minios: all tasks exited, exit value 0

%include "lib.inc"

%macro FEATURE 2                        ; FEATURE "name", bit: " name N" from EDX of leaf 1
        PRINT %1
        mov eax, [features]
        shr eax, %2
        and eax, 1
        PRINT_DEC eax
%endmacro

user_main:
        xor eax, eax
        cpuid                           ; leaf 0: the vendor in EBX, EDX, ECX
        mov [vendor], ebx
        mov [vendor + 4], edx
        mov [vendor + 8], ecx
        mov [maxleaf], eax
        PRINT "vendor "
        WRITE vendor, 12
        PRINT ", max leaf "
        PRINT_HEX [maxleaf], 8
        NEWLINE

        mov eax, 1
        cpuid                           ; leaf 1: signature in EAX, features in EDX
        mov [features], edx
        mov [signature], eax
        PRINT "family "
        mov eax, [signature]
        shr eax, 8
        and eax, 0xF
        PRINT_DEC eax
        PRINT " model "
        mov eax, [signature]
        shr eax, 4
        and eax, 0xF
        PRINT_DEC eax
        PRINT " stepping "
        mov eax, [signature]
        and eax, 0xF
        PRINT_DEC eax
        PRINT ", features "
        PRINT_HEX [features], 8
        NEWLINE
        FEATURE "fpu ", 0
        FEATURE ", cx8 ", 8
        FEATURE ", cmov ", 15
        FEATURE ", sep ", 11
        FEATURE ", tsc ", 4
        FEATURE ", mmx ", 23
        FEATURE ", sse ", 25
        NEWLINE

        mov edi, brand                  ; leaves 0x80000002-4: the brand string, 48 bytes
        mov esi, 0x80000002
.leaf:  mov eax, esi
        cpuid
        mov [edi], eax
        mov [edi + 4], ebx
        mov [edi + 8], ecx
        mov [edi + 12], edx
        add edi, 16
        inc esi
        cmp esi, 0x80000004
        jbe .leaf
        mov edi, brand                  ; its length: up to the first NUL
        xor al, al
        mov ecx, 48
        repne scasb
        sub edi, brand + 1
        PRINT "brand "
        WRITE brand, edi
        NEWLINE
        EXIT 0

vendor:    times 12 db 0
maxleaf:   dd 0
signature: dd 0
features:  dd 0
brand:     times 48 db 0
