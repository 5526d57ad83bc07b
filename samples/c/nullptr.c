/* nullptr.c - a write through a null pointer is a page fault.
 *
 * Address 0 is in the first page of the task's address space. The mini OS
 * maps it (its own identity map of low memory) but supervisor-only, so the
 * CPU checks the page's U/S bit on a ring-3 write, refuses, and raises #PF
 * with error code P=1 W=1 U=1 and CR2 = 0 (Intel SDM Vol. 3A 4.6, 4.7). The
 * kernel's handler reads that and kills the task. The pointer is volatile:
 * gcc -O2 turns a write through a pointer it can prove null into a trap
 * instruction instead (-fisolate-erroneous-paths-dereference).
 *
 * expect: minios: starting 1 user task
 * expect: writing 42 through a null pointer...
 * expect: task 1 killed: page fault at 0x00000000 (write, user, protection)
 * expect: minios: all tasks exited, exit value 255
 */
#include "ringscope.h"

int *volatile pointer = 0;

int main(void)
{
    printf("writing 42 through a null pointer...\n");
    *pointer = 42;
    printf("not reached: the kernel killed the task\n");
    return 0;
}
