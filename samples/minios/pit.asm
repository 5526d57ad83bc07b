; pit.asm - the 8254 programmable interval timer, channel 0 (wired to IRQ 0).
;
; The timer's only job in minios is preemption: every tick the scheduler may
; give the CPU to another task. Nothing a program prints may depend on how
; many ticks happened, so samples give the same output whatever the rate;
; the rate is a build option to let you check exactly that:
;   nasm ... -dPIT_DIVISOR=1193 ...     (about 1000 ticks per second)
; The PIT counts down at 1.193182 MHz (Intel 8254 data sheet).

%ifndef PIT_DIVISOR
  %define PIT_DIVISOR 11932     ; 1193182 / 11932 = about 100 ticks per second
%endif

PIT_CHANNEL0    equ 0x40
PIT_COMMAND     equ 0x43

pit_init:
        mov al, 0x34            ; channel 0, lobyte/hibyte access, mode 2 (rate generator), binary
        ARCH_OUTB PIT_COMMAND
        mov al, PIT_DIVISOR & 0xFF
        ARCH_OUTB PIT_CHANNEL0
        mov al, (PIT_DIVISOR >> 8) & 0xFF
        ARCH_OUTB PIT_CHANNEL0
        ret
