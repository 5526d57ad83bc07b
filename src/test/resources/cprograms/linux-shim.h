/* linux-shim.h - ringscope.h's calls on the host (x86-64 Linux), for the reference run of the
 * C programs in CProgramsAsGccWritesThemTest: the same source, the same printf (runtime.c),
 * but write and exit go to Linux. The test copies it in as ringscope.h. */
#ifndef RINGSCOPE_H
#define RINGSCOPE_H

#include <stdarg.h>
#include <stdint.h>

enum { SYS_EXIT = 0, SYS_WRITE = 1 };

long syscall(long number, ...);

static inline int rs_syscall(int number, int a, int b, int c)
{
    (void)c;
    if (number == SYS_WRITE) {
        return (int)syscall(1, 1L, (long)(intptr_t)a, (long)b); /* write(1, buf, len) */
    }
    return (int)syscall(231, (long)a); /* exit_group(code) */
}

static inline int sys_write(const void *buf, unsigned len)
{
    return (int)syscall(1, 1L, (long)(intptr_t)buf, (long)len);
}

void exit(int code) __attribute__((noreturn));
int printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *format, va_list args);
int puts(const char *text);
unsigned strlen(const char *text);
void *memset(void *to, int value, unsigned n);
void *memcpy(void *to, const void *from, unsigned n);

int main(void);

#endif
