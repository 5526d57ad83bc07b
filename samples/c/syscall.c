/* syscall.c - a system call is a function call that crosses into ring 0.
 *
 * rs_syscall() (ringscope.h) is the whole wrapper: four registers and
 * `int 0x80`. The CPU takes the IDT's gate 0x80, switches to the kernel's
 * stack from the TSS and runs the kernel in ring 0; the kernel's iretd
 * comes back here, to ring 3, with the result in EAX. rs_sysenter() makes
 * the same call through SYSENTER. The kernel checks every pointer it is
 * given: write() of kernel memory is refused, not obeyed.
 *
 * expect: minios: starting 1 user task
 * expect: hello from C in ring 3
 * expect: getpid() through int 0x80: 1
 * expect: getpid() through sysenter: 1
 * expect: 12345
 * expect: write() returned 6
 * expect: write(kernel memory) returned -1: refused
 * expect: minios: all tasks exited, exit value 0
 */
#include "ringscope.h"

int main(void)
{
    static const char hello[] = "hello from C in ring 3\n";
    sys_write(hello, sizeof hello - 1);
    printf("getpid() through int 0x80: %d\n", rs_syscall(SYS_GETPID, 0, 0, 0));
    printf("getpid() through sysenter: %d\n", rs_sysenter(SYS_GETPID, 0, 0, 0));
    int n = sys_write("12345\n", 6);
    printf("write() returned %d\n", n);
    /* 0x00100000 is the kernel's first page: mapped, but supervisor-only */
    int refused = rs_syscall(SYS_WRITE, 0x00100000, 16, 0);
    printf("write(kernel memory) returned %d: %s\n", refused, refused < 0 ? "refused" : "obeyed");
    return 0;
}
