; shifts.asm - shifts and rotates by 1, by an immediate and by CL, including count 0.
; SDM Vol. 2B SAL/SAR/SHL/SHR and RCL/RCR/ROL/ROR: the count is masked to 5 bits; a
; masked count of 0 changes NO flag. Shifts set CF (last bit out), SF/ZF/PF; OF only for
; 1-bit shifts (else undefined); AF undefined. Rotates change only CF and OF (OF only for
; 1-bit rotates); SF/ZF/AF/PF keep their values. For 8/16-bit ROL/ROR the rotation is
; count mod size, but CF is still updated when the masked count is not 0; RCL/RCR rotate
; by count mod 9 (8-bit) or 17 (16-bit). Printed: O S Z A P C, '.' = undefined.
; Why it matters: these are innocuous instructions that run natively or are copied by a
; binary translator; their corner cases must match the hardware exactly.
%include "lib/rt.inc"

SH1     equ F_ALL & ~F_AF               ; shift by 1
SHN     equ F_ALL & ~F_AF & ~F_OF       ; shift by > 1
ROT1    equ F_ALL                       ; rotate by 1: all defined (SZAP unchanged)
ROTN    equ F_ALL & ~F_OF

%macro T 5+
        push dword %2 | 2
        popfd
        mov eax, %4
        mov cl, [COUNT]
        %5
        pushfd
        pop edx
        PUTS %1, " = "
        HEX eax, 8
        PUTS " "
        FLAGS edx, %3
        NL
%endmacro

main:
        T "shl 80000001,1", 0, SH1, 0x80000001, shl eax, 1
        T "shl 40000000,1", 0, SH1, 0x40000000, shl eax, 1
        T "shl 00000001,4", 0, SHN, 0x00000001, shl eax, 4
        T "shl 00000003,31", 0, SHN, 0x00000003, shl eax, 31
        T "shl 00000001,33 (masked: 1)", 0, SH1, 0x00000001, shl eax, 33
        T "shl 12345678,32 (masked: 0)", F_ALL, F_ALL, 0x12345678, shl eax, 32
        T "shl 12345678,0 (flags in: none)", 0, F_ALL, 0x12345678, shl eax, 0
        T "shr 80000001,1", 0, SH1, 0x80000001, shr eax, 1
        T "shr 00000003,1", 0, SH1, 0x00000003, shr eax, 1
        T "shr 80000000,31", 0, SHN, 0x80000000, shr eax, 31
        T "sar 80000001,1", 0, SH1, 0x80000001, sar eax, 1
        T "sar 80000000,31", 0, SHN, 0x80000000, sar eax, 31
        T "sar 7FFFFFFF,30", 0, SHN, 0x7FFFFFFF, sar eax, 30
        T "shl al 81,1", 0, SH1, 0x11223381, shl al, 1
        T "shr ax 8001,1", 0, SH1, 0x11228001, shr ax, 1
        T "sar al 80,7", 0, SHN, 0x11223380, sar al, 7
        mov byte [COUNT], 3
        T "shl cl=3 F0000001", 0, SHN, 0xF0000001, shl eax, cl
        mov byte [COUNT], 0
        T "shr cl=0 (flags in: all)", F_ALL, F_ALL, 0x12345678, shr eax, cl
        mov byte [COUNT], 32
        T "sar cl=32 (masked: 0)", F_CF | F_ZF, F_ALL, 0x80000000, sar eax, cl
        ; rotates: SZAP keep what they were
        T "rol 80000001,1 (flags in: SZAP)", F_SF | F_ZF | F_AF | F_PF, ROT1, 0x80000001, rol eax, 1
        T "rol 40000000,1", 0, ROT1, 0x40000000, rol eax, 1
        T "rol 12345678,8", 0, ROTN, 0x12345678, rol eax, 8
        T "ror 00000001,1", 0, ROT1, 0x00000001, ror eax, 1
        T "ror 00000002,1", F_CF, ROT1, 0x00000002, ror eax, 1
        T "ror 12345678,4", 0, ROTN, 0x12345678, ror eax, 4
        T "rol al 81,8 (mod 8 = 0, CF updated)", 0, ROTN, 0x00000081, rol al, 8
        T "rol al 80,9 (mod 8 = 1)", 0, ROTN, 0x00000080, rol al, 9
        T "ror ax 8001,16 (mod 16 = 0, CF updated)", 0, ROTN, 0x00008001, ror ax, 16
        T "rcl 80000000,1 CF=0", 0, ROT1, 0x80000000, rcl eax, 1
        T "rcl 00000000,1 CF=1", F_CF, ROT1, 0x00000000, rcl eax, 1
        T "rcr 00000001,1 CF=1", F_CF, ROT1, 0x00000001, rcr eax, 1
        T "rcr 00000000,1 CF=1", F_CF, ROT1, 0x00000000, rcr eax, 1
        T "rcl 12345678,4 CF=1", F_CF, ROTN, 0x12345678, rcl eax, 4
        T "rcr 12345678,4 CF=0", 0, ROTN, 0x12345678, rcr eax, 4
        T "rcl al 80,9 (mod 9 = 0)", F_SF, ROTN, 0x00000080, rcl al, 9
        T "rcl al 80,10 (mod 9 = 1)", 0, ROTN, 0x00000080, rcl al, 10
        T "rcr ax 0001,17 (mod 17 = 0) CF=1", F_CF, ROTN, 0x00000001, rcr ax, 17
        T "rcr ax 0001,18 (mod 17 = 1) CF=0", 0, ROTN, 0x00000001, rcr ax, 18
        mov byte [COUNT], 0
        T "rcl cl=0 (flags in: all)", F_ALL, F_ALL, 0x12345678, rcl eax, cl
        mov byte [COUNT], 33
        T "ror cl=33 12345678", 0, ROT1, 0x12345678, ror eax, cl
        ; memory operands
        mov dword [MEM], 0x80000000
        T "shr dword [m],1", 0, SH1, 0, shr dword [MEM], 1
        SHOW "  m", [MEM], 8
        NL
        DONE

COUNT:  db 0
MEM:    dd 0

; expect: shl 80000001,1 = 00000002 O--.-C
; expect: shl 40000000,1 = 80000000 OS-.P-
; expect: shl 00000001,4 = 00000010 .--.--
; expect: shl 00000003,31 = 80000000 .S-.PC
; expect: shl 00000001,33 (masked: 1) = 00000002 ---.--
; expect: shl 12345678,32 (masked: 0) = 12345678 OSZAPC
; expect: shl 12345678,0 (flags in: none) = 12345678 ------
; expect: shr 80000001,1 = 40000000 O--.PC
; expect: shr 00000003,1 = 00000001 ---.-C
; expect: shr 80000000,31 = 00000001 .--.--
; expect: sar 80000001,1 = C0000000 -S-.PC
; expect: sar 80000000,31 = FFFFFFFF .S-.P-
; expect: sar 7FFFFFFF,30 = 00000001 .--.-C
; expect: shl al 81,1 = 11223302 O--.-C
; expect: shr ax 8001,1 = 11224000 O--.PC
; expect: sar al 80,7 = 112233FF .S-.P-
; expect: shl cl=3 F0000001 = 80000008 .S-.-C
; expect: shr cl=0 (flags in: all) = 12345678 OSZAPC
; expect: sar cl=32 (masked: 0) = 80000000 --Z--C
; expect: rol 80000001,1 (flags in: SZAP) = 00000003 OSZAPC
; expect: rol 40000000,1 = 80000000 O-----
; expect: rol 12345678,8 = 34567812 .-----
; expect: ror 00000001,1 = 80000000 O----C
; expect: ror 00000002,1 = 00000001 ------
; expect: ror 12345678,4 = 81234567 .----C
; expect: rol al 81,8 (mod 8 = 0, CF updated) = 00000081 .----C
; expect: rol al 80,9 (mod 8 = 1) = 00000001 .----C
; expect: ror ax 8001,16 (mod 16 = 0, CF updated) = 00008001 .----C
; expect: rcl 80000000,1 CF=0 = 00000000 O----C
; expect: rcl 00000000,1 CF=1 = 00000001 ------
; expect: rcr 00000001,1 CF=1 = 80000000 O----C
; expect: rcr 00000000,1 CF=1 = 80000000 O-----
; expect: rcl 12345678,4 CF=1 = 23456788 .----C
; expect: rcr 12345678,4 CF=0 = 01234567 .----C
; expect: rcl al 80,9 (mod 9 = 0) = 00000080 .S----
; expect: rcl al 80,10 (mod 9 = 1) = 00000000 .----C
; expect: rcr ax 0001,17 (mod 17 = 0) CF=1 = 00000001 .----C
; expect: rcr ax 0001,18 (mod 17 = 1) CF=0 = 00000000 .----C
; expect: rcl cl=0 (flags in: all) = 12345678 OSZAPC
; expect: ror cl=33 12345678 = 091A2B3C ------
; expect: shr dword [m],1 = 00000000 O--.P-
; expect:   m=40000000 
