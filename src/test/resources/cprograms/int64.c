/* int64.c - 64-bit integers on a 32-bit CPU: gcc writes add/adc, sub/sbb,
 * mul with imul for the cross terms, and shld/shrd for shifts by a variable
 * count. (Division of 64-bit values would call libgcc's __udivdi3, which a
 * -nostdlib program does not have; this one divides by shifting.) */
#include "ringscope.h"

static void show(const char *name, uint64_t v)
{
    printf("%s %08x%08x\n", name, (uint32_t)(v >> 32), (uint32_t)v);
}

static uint64_t xorshift64(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static uint64_t shift_left(uint64_t v, unsigned n) { return v << n; }
static uint64_t shift_right(uint64_t v, unsigned n) { return v >> n; }
static int64_t shift_arith(int64_t v, unsigned n) { return v >> n; }

static uint64_t divide(uint64_t n, uint64_t d, uint64_t *rem)
{
    uint64_t q = 0, r = 0;
    for (int i = 63; i >= 0; i--) {
        r = r << 1 | (n >> i & 1);
        if (r >= d) {
            r -= d;
            q |= (uint64_t)1 << i;
        }
    }
    *rem = r;
    return q;
}

static uint32_t isqrt(uint64_t v)
{
    uint64_t r = 0, bit = (uint64_t)1 << 62;
    while (bit > v) bit >>= 2;
    while (bit) {
        if (v >= r + bit) {
            v -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return (uint32_t)r;
}

int main(void)
{
    uint64_t s = 0x9E3779B97F4A7C15ull;
    uint64_t sum = 0, product = 1;
    int64_t signed_sum = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t x = xorshift64(&s);
        sum += x;
        product = product * (x | 1);
        signed_sum -= (int64_t)x >> (i & 31);
    }
    show("xorshift", s);
    show("sum", sum);
    show("product", product);
    show("signed", (uint64_t)signed_sum);
    for (unsigned n = 0; n < 64; n += 9) {
        printf("shift %2u ", n);
        show("", shift_left(0x0123456789ABCDEFull, n) ^ shift_right(0xFEDCBA9876543210ull, n)
                     ^ (uint64_t)shift_arith(-0x123456789ABCDEFll, n));
    }
    uint64_t rem;
    uint64_t q = divide(0xFFFFFFFFFFFFFFFFull, 1000000007ull, &rem);
    show("quotient", q);
    show("remainder", rem);
    printf("isqrt %u %u\n", isqrt(1ull << 40), isqrt(0xFFFFFFFFFFFFFFFFull));
    int64_t a = -5000000000ll, b = 4999999999ll;
    printf("compare %d %d %d %d\n", a < b, (uint64_t)a < (uint64_t)b, a == -b - 1, b >= 5000000000ll);
    return 0;
}
