; triple_fault.asm - a fault while delivering #DF shuts the processor down.
; SDM Vol. 3A 6.15 (Interrupt 8, "Exception Class Abort"): "If another exception occurs
; while attempting to call the double-fault handler, the processor enters shutdown mode."
; A PC turns shutdown into a reset; QEMU with -no-reboot (and RingScope) stop instead.
; So everything printed before the shutdown is the whole output, and nothing after it
; may appear. Why it matters: a guest that triple-faults under a VMM must not take the
; host down - VT-x turns it into a VM exit (basic reason 2, "triple fault").
%include "lib/rt.inc"

main:
        PUTSLN "breaking the #DE, #NP and #DF gates"
        SET_GATE 0, 0x0E                ; #DE not present
        SET_GATE 8, 0x0E                ; #DF not present: the "broken handler"
        PUTSLN "div by zero: #DE -> #NP -> #DF -> #NP -> shutdown"
        xor ecx, ecx
        div ecx
        PUTSLN "still running: wrong"
        DONE

; expect: breaking the #DE, #NP and #DF gates
; expect: div by zero: #DE -> #NP -> #DF -> #NP -> shutdown
