/* runtime.c - the freestanding runtime: exit, printf and a few string
 * functions gcc may call on its own (memset, memcpy) even with -ffreestanding. */
#include "ringscope.h"

void exit(int code)
{
    rs_syscall(SYS_EXIT, code, 0, 0);
    for (;;) {
    }
}

unsigned strlen(const char *text)
{
    unsigned n = 0;
    while (text[n]) {
        n++;
    }
    return n;
}

void *memset(void *to, int value, unsigned n)
{
    unsigned char *p = to;
    while (n--) {
        *p++ = (unsigned char)value;
    }
    return to;
}

void *memcpy(void *to, const void *from, unsigned n)
{
    unsigned char *p = to;
    const unsigned char *q = from;
    while (n--) {
        *p++ = *q++;
    }
    return to;
}

/* printf's output goes out in one write() per line or per 64 bytes */
static char out[64];
static unsigned used;

static void flush(void)
{
    if (used) {
        sys_write(out, used);
        used = 0;
    }
}

static void put(char c)
{
    out[used++] = c;
    if (c == '\n' || used == sizeof out) {
        flush();
    }
}

/* value in base 10 or 16, at least `width` digits wide (padded with `pad`) */
static int number(uint32_t value, unsigned base, int width, char pad, int negative)
{
    char digits[12];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[value % base];
        value /= base;
    } while (value);
    int written = n + negative;
    if (negative && pad == '0') {
        put('-');
    }
    for (; width > written; written++) {
        put(pad);
    }
    if (negative && pad != '0') {
        put('-');
    }
    while (n) {
        put(digits[--n]);
    }
    return written;
}

/* %d %u %x %c %s %p %%, with a width (%8x) and zero padding (%08x) */
int vprintf(const char *format, va_list args)
{
    int written = 0;
    for (const char *f = format; *f; f++) {
        if (*f != '%') {
            put(*f);
            written++;
            continue;
        }
        f++;
        char pad = ' ';
        int width = 0;
        if (*f == '0') {
            pad = '0';
            f++;
        }
        while (*f >= '0' && *f <= '9') {
            width = width * 10 + (*f++ - '0');
        }
        switch (*f) {
        case 'd': {
            int v = va_arg(args, int);
            written += number(v < 0 ? -(uint32_t)v : (uint32_t)v, 10, width, pad, v < 0);
            break;
        }
        case 'u':
            written += number(va_arg(args, unsigned), 10, width, pad, 0);
            break;
        case 'x':
            written += number(va_arg(args, unsigned), 16, width, pad, 0);
            break;
        case 'p':
            put('0');
            put('x');
            written += 2 + number((uint32_t)va_arg(args, void *), 16, 8, '0', 0);
            break;
        case 'c':
            put((char)va_arg(args, int));
            written++;
            break;
        case 's':
            for (const char *s = va_arg(args, const char *); *s; s++, written++) {
                put(*s);
            }
            break;
        case '\0':
            f--;
            break;
        default:
            put(*f);
            written++;
            break;
        }
    }
    flush();
    return written;
}

int printf(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int n = vprintf(format, args);
    va_end(args);
    return n;
}

int puts(const char *text)
{
    return printf("%s\n", text);
}
