/* ringscope.h - the mini OS's system calls for C programs.
 *
 * The ABI is samples/minios/abi.inc's: `int 0x80` with the number in EAX and
 * arguments in EBX, ECX, EDX; the result comes back in EAX (negative:
 * refused) and every other register is preserved. The same calls go through
 * SYSENTER (samples/minios/sysenter.asm) when the caller also passes its
 * ESP in EBP and the address to come back to in ESI, because SYSENTER saves
 * neither (Intel SDM Vol. 2B, SYSENTER).
 *
 * A program gets: its segments at their link addresses in the user region
 * 0x08000000-0x083FFFFF, a 4 KiB stack whose top is 0x00400000, the page
 * USER_SHARED, and nothing else. No FPU: build with -mgeneral-regs-only
 * (docs/c-programs.md has the whole command).
 */
#ifndef RINGSCOPE_H
#define RINGSCOPE_H

#include <stdarg.h>
#include <stdint.h>

/* system call numbers (abi.inc) */
enum {
    SYS_EXIT = 0,         /* exit(code)               never returns */
    SYS_WRITE = 1,        /* write(buf, len)          -> len, or -1 if buf is not the caller's memory */
    SYS_GETPID = 2,       /* getpid()                 -> 1 or 2 */
    SYS_YIELD = 3,        /* yield()                  -> 0 */
    SYS_SLEEP = 4,        /* sleep(ticks)             -> 0, after at least `ticks` timer ticks */
    SYS_WAIT = 5,         /* wait(pid)                -> the exit code of task pid */
    SYS_IOPL = 6,         /* iopl(level)              -> 0; sets EFLAGS.IOPL of the caller */
    SYS_UNPLUG_GATE = 7,  /* teaching only: marks an exception's IDT gate not present */
    SYS_INB = 8,          /* inb(port)                -> the byte (only port 0x80), else -1 */
    SYS_CLI = 9,          /* cli()                    -> 0; the kernel executes one cli */
    SYS_PROTECT = 10,     /* protect(addr, writable)  -> the page's previous writable bit, or -1 */
    SYS_CATCH = 11,       /* catch(vector, handler)   -> 0, or -1 */
    SYS_CRITICAL = 12,    /* critical()               -> timer ticks so far */
    SYS_BENCH = 13,       /* bench(test, n, arg)      -> iterations that checked out, or -1 */
};

#define USER_SHARED    0x003FE000u   /* one page, the same memory in every task */
#define USER_STACK_TOP 0x00400000u

/* A system call through the interrupt gate: int 0x80 (the IDT's vector 0x80, DPL 3). */
static inline int rs_syscall(int number, int a, int b, int c)
{
    int result;
    __asm__ volatile("int $0x80"
                     : "=a"(result)
                     : "a"(number), "b"(a), "c"(b), "d"(c)
                     : "memory");
    return result;
}

/* The same call through SYSENTER: EBP = our ESP, ESI = where to come back. */
static inline int rs_sysenter(int number, int a, int b, int c)
{
    int result;
    __asm__ volatile("push %%ebp\n\t"
                     "mov %%esp, %%ebp\n\t"
                     "mov $1f, %%esi\n\t"
                     "sysenter\n"
                     "1:\n\t"
                     "pop %%ebp"
                     : "=a"(result)
                     : "a"(number), "b"(a), "c"(b), "d"(c)
                     : "esi", "memory");
    return result;
}

static inline int sys_write(const void *buf, unsigned len)
{
    return rs_syscall(SYS_WRITE, (int)buf, (int)len, 0);
}

static inline int sys_getpid(void) { return rs_syscall(SYS_GETPID, 0, 0, 0); }
static inline int sys_yield(void) { return rs_syscall(SYS_YIELD, 0, 0, 0); }
static inline int sys_sleep(int ticks) { return rs_syscall(SYS_SLEEP, ticks, 0, 0); }
static inline int sys_wait(int pid) { return rs_syscall(SYS_WAIT, pid, 0, 0); }

/* the runtime (runtime.c, crt0.S) */
void exit(int code) __attribute__((noreturn));
int printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *format, va_list args);
int puts(const char *text);
unsigned strlen(const char *text);
void *memset(void *to, int value, unsigned n);
void *memcpy(void *to, const void *from, unsigned n);

int main(void);

#endif
