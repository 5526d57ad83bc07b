; segments.asm - loading segment registers: the privilege and type checks.
; SDM Vol. 3A 5.5/5.6 and Vol. 2B MOV/POP "Protected mode exceptions": a data segment may
; be loaded only if max(CPL, RPL) <= DPL, else #GP(selector); a not-present segment gives
; #NP(selector); execute-only code or a system descriptor in DS gives #GP(selector); a
; selector beyond the table limit gives #GP(selector); SS needs RPL = DPL = CPL and a
; writable data segment; a null selector is fine in DS (the use faults: #GP(0)) but #GP(0)
; in SS. Why it matters: these checks are what keeps ring 3 out of kernel segments, and
; they are sensitive instructions a VMM must get right when it moves the guest kernel to
; ring 1 (the guest's DPL 0 segments no longer load - binary translators rewrite them).
%include "lib/rt.inc"

main:
        mov eax, SEL_DATA0
        TRY 3, "r3 mov ds, 0x0010 (DPL 0)", mov ds, ax
        mov eax, SEL_DATA0
        TRY 1, "r1 mov ds, 0x0010 (DPL 0)", mov ds, ax
        mov eax, SEL_DATA0
        TRY 0, "r0 mov ds, 0x0010", mov ds, ax
        mov eax, SEL_DATA0 | 3
        TRY 0, "r0 mov ds, 0x0013 (RPL 3 > DPL 0)", mov ds, ax
        mov eax, SEL_DATA2
        TRY 1, "r1 mov ds, 0x007A (DPL 2)", mov ds, ax
        mov eax, SEL_DATA2
        TRY 3, "r3 mov ds, 0x007A (DPL 2)", mov ds, ax
        mov eax, SEL_DATA3
        TRY 3, "r3 mov es, 0x0023", mov es, ax
        mov eax, SEL_NP_DATA
        TRY 0, "r0 mov ds, 0x0048 (not present)", mov ds, ax
        mov eax, SEL_XO_CODE3
        TRY 3, "r3 mov ds, 0x0053 (execute-only code)", mov ds, ax
        mov eax, SEL_CODE3
        TRY 3, "r3 mov ds, 0x001B (readable code)", mov ds, ax
        mov eax, SEL_TSS
        TRY 0, "r0 mov ds, 0x0028 (TSS)", mov ds, ax
        mov eax, 0x0100
        TRY 0, "r0 mov fs, 0x0100 (beyond the GDT limit)", mov fs, ax
        xor eax, eax
        lldt ax                         ; LDTR null (after reset it is base 0, limit 0xFFFF)
        mov eax, 0x0004
        TRY 0, "r0 mov gs, 0x0004 (LDTR null)", mov gs, ax
        mov eax, 0
        TRY 3, "r3 mov ds, 0 (null)", mov ds, ax
        mov eax, 0
        TRY 0, "r0 mov ss, 0 (null)", mov ss, ax
        mov eax, SEL_DATA3
        TRY 0, "r0 mov ss, 0x0023 (RPL 3 != CPL)", mov ss, ax
        mov eax, SEL_DATA1
        TRY 0, "r0 mov ss, 0x0039 (DPL 1 != CPL)", mov ss, ax
        mov eax, SEL_RO_DATA3
        TRY 3, "r3 mov ss, 0x005B (read-only)", mov ss, ax
        mov eax, SEL_DATA3
        TRY 3, "r3 mov ss, 0x0023", mov ss, ax
        ; (Using a null DS should fault with #GP(0) on the access, SDM 3A 3.4.2, but QEMU's
        ; TCG does not check segments on memory accesses, so that is not asserted here.)
        ; pop ds takes the same checks
        RING 3, .popped, .pop
        push dword SEL_DATA0
.pop:   pop ds                          ; #GP(0010)
        BACK
.popped:
        PUTS "r3 pop ds (0x0010): "
        call rt_print_result
        NL
        ; iretd / retf to an outer ring clear data segment registers whose DPL < CPL
        ; (SDM 3A 5.8.6): enter ring 3 with DS = 0x10, read it there
        mov ax, SEL_DATA0
        mov ds, ax
        mov es, ax
        push dword SEL_DATA3
        push dword RT_STACK3
        push dword 0x2
        push dword SEL_CODE3
        push dword .r3
        mov dword [rt_resume], 0
        mov [rt_saved_esp], esp
        add dword [rt_saved_esp], 20
        iretd
.r3:    mov eax, ds
        mov ebx, es
        mov ecx, ss
        BACK
        SHOW "after iretd to ring 3: ds", [rt_eax], 4
        SHOW "es", [rt_ebx], 4
        SHOW "ss", [rt_ecx], 4
        NL
        DONE

; expect: r3 mov ds, 0x0010 (DPL 0): #GP(0010) eip=insn
; expect: r1 mov ds, 0x0010 (DPL 0): #GP(0010) eip=insn
; expect: r0 mov ds, 0x0010: ok
; expect: r0 mov ds, 0x0013 (RPL 3 > DPL 0): #GP(0010) eip=insn
; expect: r1 mov ds, 0x007A (DPL 2): ok
; expect: r3 mov ds, 0x007A (DPL 2): #GP(0078) eip=insn
; expect: r3 mov es, 0x0023: ok
; expect: r0 mov ds, 0x0048 (not present): #NP(0048) eip=insn
; expect: r3 mov ds, 0x0053 (execute-only code): #GP(0050) eip=insn
; expect: r3 mov ds, 0x001B (readable code): ok
; expect: r0 mov ds, 0x0028 (TSS): #GP(0028) eip=insn
; expect: r0 mov fs, 0x0100 (beyond the GDT limit): #GP(0100) eip=insn
; expect: r0 mov gs, 0x0004 (LDTR null): #GP(0004) eip=insn
; expect: r3 mov ds, 0 (null): ok
; expect: r0 mov ss, 0 (null): #GP(0000) eip=insn
; expect: r0 mov ss, 0x0023 (RPL 3 != CPL): #GP(0020) eip=insn
; expect: r0 mov ss, 0x0039 (DPL 1 != CPL): #GP(0038) eip=insn
; expect: r3 mov ss, 0x005B (read-only): #GP(0058) eip=insn
; expect: r3 mov ss, 0x0023: ok
; expect: r3 pop ds (0x0010): #GP(0010) eip=insn
; expect: after iretd to ring 3: ds=0000 es=0000 ss=0023 
