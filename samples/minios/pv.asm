; pv.asm - what a paravirtual minios shares with its hypervisor (built
; only with -dPARAVIRT; see arch_pv.inc).

        times (4096 - (($ - $$) % 4096)) % 4096 db 0
pv_vcpu_info:                           ; a page of its own, like Xen's
        db 0                            ; evtchn_upcall_pending
        db 1                            ; evtchn_upcall_mask: masked, like IF=0 at boot
        times 6 db 0
        dd 0                            ; arch.cr2
        dd 0                            ; the task priority (arch_pv.inc)
        times 4096 - 16 db 0
pv_iopl: dd 1                           ; physdev_op(set_iopl): ring 1 may use in/out
