; strings.asm - string instructions with REP and the direction flag.
; SDM Vol. 2 MOVS/STOS/LODS/CMPS/SCAS and REP/REPE/REPNE: each step moves ESI/EDI by the
; operand size, forward with DF=0 and backward with DF=1; REP repeats ECX times (none if
; ECX=0, flags untouched); REPE/REPNE also stop on ZF. CMPS compares [ESI] - [EDI] and
; sets flags like CMP. Why it matters: string instructions are interruptible and
; restartable in the middle (ECX/ESI/EDI are the state), which is what makes REP INS/OUTS
; emulation by a VMM, and block copies under binary translation, correct.
%include "lib/rt.inc"

BUF     equ RT_SCRATCH

%macro REGS 0
        SHOW "  esi", esi, 8
        SHOW "edi", edi, 8
        SHOW "ecx", ecx, 8
        NL
%endmacro

main:
        ; rep stosd forward
        cld
        mov edi, BUF
        mov ecx, 4
        mov eax, 0xA5A5A5A5
        rep stosd
        PUTSLN "rep stosd x4 (DF=0):"
        mov esi, 0
        sub edi, BUF
        REGS
        ; rep movsb backward: copy "abcdef" to BUF+0x100 from the end
        std
        mov esi, text + 5
        mov edi, BUF + 0x105
        mov ecx, 6
        rep movsb
        cld
        mov byte [BUF + 0x106], 0
        PUTS "rep movsb x6 (DF=1): "
        push esi
        mov esi, BUF + 0x100
        call rt_puts
        pop esi
        NL
        sub esi, text
        sub edi, BUF
        REGS
        ; rep with ECX = 0 does nothing, not even flags
        push dword F_ALL | 2
        popfd
        mov ecx, 0
        mov esi, text
        mov edi, BUF
        rep cmpsb
        pushfd
        pop eax
        PUTS "rep cmpsb, ecx=0: flags "
        FLAGS eax, F_ALL
        NL
        sub esi, text
        sub edi, BUF
        REGS
        ; repe cmpsb stops at the first difference
        mov esi, text
        mov edi, text2
        mov ecx, 6
        repe cmpsb
        pushfd
        pop eax
        PUTS "repe cmpsb abcdef/abcXef: flags "
        FLAGS eax, F_ALL
        NL
        sub esi, text
        sub edi, text2
        REGS
        ; repne scasb finds a byte
        mov edi, text
        mov ecx, 6
        mov al, 'd'
        repne scasb
        pushfd
        pop eax
        PUTS "repne scasb 'd': flags "
        FLAGS eax, F_ALL
        NL
        sub edi, text
        mov esi, 0
        REGS
        ; scasd backward with DF=1
        std
        mov edi, dwords + 8
        mov ecx, 3
        mov eax, 0x11111111
        repne scasd
        cld
        pushfd
        pop eax
        PUTS "std; repne scasd for dwords[0]: flags "
        FLAGS eax, F_ALL
        NL
        sub edi, dwords
        mov esi, 0
        REGS
        ; lodsw / lodsb and stosw
        mov esi, text
        mov eax, 0x12345678
        lodsw
        SHOW "lodsw", eax, 8
        lodsb
        SHOW "lodsb", eax, 8
        sub esi, text
        SHOW "esi", esi, 8
        NL
        std
        mov esi, dwords + 4
        lodsd
        cld
        SHOW "std; lodsd", eax, 8
        sub esi, dwords
        SHOW "esi", esi, 8
        NL
        ; cmpsd flags: 0x11111111 - 0x22222222
        mov esi, dwords
        mov edi, dwords + 4
        cmpsd
        pushfd
        pop eax
        PUTS "cmpsd 11111111,22222222: flags "
        FLAGS eax, F_ALL
        NL
        ; movsw and stosw, one each
        mov esi, text
        mov edi, BUF + 0x200
        movsw
        mov ax, 0x2121                  ; "!!"
        stosw
        mov byte [edi], 0
        PUTS "movsw; stosw: "
        mov esi, BUF + 0x200
        call rt_puts
        NL
        DONE

text:   db "abcdef"
text2:  db "abcXef"
        align 4
dwords: dd 0x11111111, 0x22222222, 0x33333333

; expect: rep stosd x4 (DF=0):
; expect:   esi=00000000 edi=00000010 ecx=00000000 
; expect: rep movsb x6 (DF=1): abcdef
; expect:   esi=FFFFFFFF edi=000000FF ecx=00000000 
; expect: rep cmpsb, ecx=0: flags OSZAPC
; expect:   esi=00000000 edi=00000000 ecx=00000000 
; expect: repe cmpsb abcdef/abcXef: flags ---AP-
; expect:   esi=00000004 edi=00000004 ecx=00000002 
; expect: repne scasb 'd': flags --Z-P-
; expect:   esi=00000000 edi=00000004 ecx=00000002 
; expect: std; repne scasd for dwords[0]: flags --Z-P-
; expect:   esi=00000000 edi=FFFFFFFC ecx=00000000 
; expect: lodsw=12346261 lodsb=12346263 esi=00000003 
; expect: std; lodsd=22222222 esi=00000000 
; expect: cmpsd 11111111,22222222: flags -S-A-C
; expect: movsw; stosw: ab!!
