; privileged.asm - privileged instructions raise #GP(0) outside ring 0.
; SDM Vol. 3A 5.9 "Privileged instructions" (and each instruction's page in Vol. 2):
; hlt, lgdt, lidt, ltr, lldt, mov to/from CRn, wrmsr, rdmsr, invlpg, clts, lmsw, wbinvd,
; invd fault with #GP(0) at CPL > 0, and so do cli/sti when CPL > IOPL (Vol. 2 CLI).
; Why it matters: trap-and-emulate rests on exactly this - every privileged instruction a
; deprivileged guest kernel runs must trap to the VMM, and the fault points at the
; instruction itself (a fault, not a trap), so the VMM can emulate it and skip it.
%include "lib/rt.inc"

main:
        TRY 0, "r0 mov eax, cr0", mov eax, cr0
        TRY 3, "r3 hlt", hlt
        TRY 3, "r3 lgdt", lgdt [rt_gdtr]
        TRY 3, "r3 lidt", lidt [rt_idtr]
        TRY 3, "r3 mov cr3, eax", mov cr3, eax
        TRY 3, "r3 mov eax, cr0", mov eax, cr0
        TRY 3, "r3 mov eax, cr4", mov eax, cr4
        TRY 3, "r3 wrmsr", wrmsr
        TRY 3, "r3 rdmsr", rdmsr
        TRY 3, "r3 invlpg", invlpg [RT_SCRATCH]
        TRY 3, "r3 clts", clts
        TRY 3, "r3 lmsw", lmsw ax
        TRY 3, "r3 ltr", ltr ax
        TRY 3, "r3 lldt", lldt ax
        TRY 3, "r3 wbinvd", wbinvd
        TRY 3, "r3 invd", invd
        TRY 3, "r3 cli (IOPL 0)", cli
        TRY 3, "r3 sti (IOPL 0)", sti
        TRY 1, "r1 hlt", hlt
        TRY 1, "r1 mov eax, cr0", mov eax, cr0
        TRY 1, "r1 cli (IOPL 0)", cli
        ; IOPL 3 makes cli/sti legal in ring 3, but not hlt
        mov dword [rt_user_eflags], 0x3002
        TRY 3, "r3 cli (IOPL 3)", cli
        TRY 3, "r3 hlt (IOPL 3)", hlt
        ; unprivileged: these run in ring 3
        TRY 3, "r3 cpuid", cpuid
        TRY 3, "r3 rdtsc (CR4.TSD=0)", rdtsc
        DONE

; expect: r0 mov eax, cr0: ok
; expect: r3 hlt: #GP(0000) eip=insn
; expect: r3 lgdt: #GP(0000) eip=insn
; expect: r3 lidt: #GP(0000) eip=insn
; expect: r3 mov cr3, eax: #GP(0000) eip=insn
; expect: r3 mov eax, cr0: #GP(0000) eip=insn
; expect: r3 mov eax, cr4: #GP(0000) eip=insn
; expect: r3 wrmsr: #GP(0000) eip=insn
; expect: r3 rdmsr: #GP(0000) eip=insn
; expect: r3 invlpg: #GP(0000) eip=insn
; expect: r3 clts: #GP(0000) eip=insn
; expect: r3 lmsw: #GP(0000) eip=insn
; expect: r3 ltr: #GP(0000) eip=insn
; expect: r3 lldt: #GP(0000) eip=insn
; expect: r3 wbinvd: #GP(0000) eip=insn
; expect: r3 invd: #GP(0000) eip=insn
; expect: r3 cli (IOPL 0): #GP(0000) eip=insn
; expect: r3 sti (IOPL 0): #GP(0000) eip=insn
; expect: r1 hlt: #GP(0000) eip=insn
; expect: r1 mov eax, cr0: #GP(0000) eip=insn
; expect: r1 cli (IOPL 0): #GP(0000) eip=insn
; expect: r3 cli (IOPL 3): ok
; expect: r3 hlt (IOPL 3): #GP(0000) eip=insn
; expect: r3 cpuid: ok
; expect: r3 rdtsc (CR4.TSD=0): ok
