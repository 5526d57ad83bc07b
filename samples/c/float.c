/* float.c - a float in a program, on a CPU without an FPU.
 *
 * RingScope models the integer i686: CPUID says FPU = 0 and the kernel sets
 * CR0.EM, so the first x87 instruction gcc writes for `x * 2.5f` raises #NM,
 * "device not available" (Intel SDM Vol. 3A 2.5, Table 2-2), in ring 3, and
 * the kernel ends the task. On a 386 without a 387 a kernel would catch #NM
 * and emulate the instruction in software (Linux did: math-emu); the same
 * fault with CR0.TS is how kernels switch FPU state lazily between tasks.
 * build.sh builds this one without -mgeneral-regs-only, which would refuse
 * the float at compile time instead (docs/c-programs.md).
 *
 * expect: minios: starting 1 user task
 * expect: integers are fine: 7 * 6 = 42
 * expect: now a float...
 * expect: task 1 killed: device not available (#NM)
 * expect: minios: all tasks exited, exit value 255
 */
#include "ringscope.h"

volatile int seven = 7;
volatile float x = 1.5f;

int main(void)
{
    printf("integers are fine: %d * %d = %d\n", seven, 6, seven * 6);
    printf("now a float...\n");
    float y = x * 2.5f;
    printf("not reached: %d\n", (int)y);
    return 0;
}
