/* privileged.c - a privileged instruction in ring 3 is a #GP.
 *
 * `mov %cr3, %eax` reads the page directory's address: harmless to read,
 * but every move from or to a control register is privileged (CPL 0 only,
 * Intel SDM Vol. 3A 5.9). At CPL 3 the CPU raises #GP(0) instead of running
 * it; the kernel's handler decodes the instruction at the saved EIP, names
 * it, and kills the task. Inline assembly is how C code reaches such an
 * instruction at all: no C expression compiles to it.
 *
 * expect: minios: starting 1 user task
 * expect: ring 3 may read EFLAGS: IOPL is 0
 * expect: reading CR3...
 * expect: task 1 killed: general protection fault (mov from a control register in ring 3)
 * expect: minios: all tasks exited, exit value 255
 */
#include "ringscope.h"

static unsigned read_cr3(void)
{
    unsigned value;
    __asm__ volatile("mov %%cr3, %0" : "=r"(value));
    return value;
}

static unsigned read_eflags(void)
{
    unsigned value;
    __asm__ volatile("pushfl\n\tpopl %0" : "=r"(value));
    return value;
}

int main(void)
{
    printf("ring 3 may read EFLAGS: IOPL is %u\n", (read_eflags() >> 12) & 3);
    printf("reading CR3...\n");
    unsigned cr3 = read_cr3();
    printf("not reached: CR3 = %x\n", cr3);
    return 0;
}
