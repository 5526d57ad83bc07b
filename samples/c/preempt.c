/* preempt.c - the timer takes the CPU away from a loop that never gives it up.
 *
 * Two tasks, main (pid 1) and task2 (pid 2), each in its own copy of the
 * program. Both spin without a system call. Only the timer interrupt (IRQ 0)
 * gets the kernel back in: its scheduler then runs the other task. That is
 * preemption. The tasks talk through the page both map (USER_SHARED): main
 * raises flag A and spins until task2 raises flag B, which task2 does only
 * after it has seen A. The output is the same however often the timer fires.
 *
 * expect: minios: starting 2 user tasks
 * expect: task 1: spinning, never calling the kernel
 * expect: task 2: I ran while task 1 was still spinning
 * expect: task 1: task 2 ran while I spun: the timer preempted me
 * expect: minios: all tasks exited, exit value 0
 */
#include "ringscope.h"

#define FLAG_A ((volatile int *)USER_SHARED)
#define FLAG_B ((volatile int *)(USER_SHARED + 4))

int main(void)
{
    printf("task 1: spinning, never calling the kernel\n");
    *FLAG_A = 1;
    while (*FLAG_B == 0) {
        /* a busy loop: no system call, no yield */
    }
    printf("task 1: task 2 ran while I spun: the timer preempted me\n");
    return 0;
}

int task2(void)
{
    while (*FLAG_A == 0) {
    }
    printf("task 2: I ran while task 1 was still spinning\n");
    *FLAG_B = 1;
    return 0;
}
