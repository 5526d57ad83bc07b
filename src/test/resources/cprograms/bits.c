/* bits.c - bit tricks: __builtin_ctz/clz become bsf/bsr, __builtin_bswap32
 * becomes bswap, bit sets use bt/bts, and flags become values with setcc. */
#include "ringscope.h"

static uint32_t set[8];

static void add(unsigned n) { set[n / 32] |= 1u << (n % 32); }
static int has(unsigned n) { return (set[n / 32] >> (n % 32)) & 1; }

static int popcount(uint32_t x)
{
    int n = 0;
    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}

static uint32_t rotr(uint32_t x, unsigned r) { return (x >> r) | (x << ((32 - r) & 31)); }

int main(void)
{
    static const uint32_t values[] = {1, 0x80000000u, 0x00F00000u, 0x12345678u, 0xFFFFFFFFu, 0x10u, 0x7FFFu};
    for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++) {
        uint32_t v = values[i];
        printf("%08x ctz %2d clz %2d pop %2d bswap %08x rotr %08x parity %d\n", v, __builtin_ctz(v),
               __builtin_clz(v), popcount(v), __builtin_bswap32(v), rotr(v, i * 5), __builtin_parity(v));
    }
    for (unsigned n = 0; n < 256; n += 7) {
        add(n * 3 % 256);
    }
    int count = 0;
    uint32_t fold = 0;
    for (unsigned n = 0; n < 256; n++) {
        count += has(n);
        fold = fold * 3 + (uint32_t)has(n);
    }
    printf("set: %d members, fold %08x, has 21: %d, has 22: %d\n", count, fold, has(21), has(22));
    int signs = 0;
    for (int x = -3; x <= 3; x++) {
        signs = signs * 4 + (x > 0) - (x < 0) + 1;
    }
    printf("signs %d\n", signs);
    return 0;
}
