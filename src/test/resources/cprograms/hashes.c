/* hashes.c - hash functions over a buffer: rotates, byte swaps, shifts and
 * conditional xors, which gcc -O2 writes with bswap, rol, cmov and setcc. */
#include "ringscope.h"

static uint32_t fnv1a(const uint8_t *p, unsigned n)
{
    uint32_t h = 2166136261u;
    while (n--) {
        h = (h ^ *p++) * 16777619u;
    }
    return h;
}

static uint32_t djb2(const uint8_t *p, unsigned n)
{
    uint32_t h = 5381;
    while (n--) {
        h = h * 33 + *p++;
    }
    return h;
}

static uint32_t crc32(const uint8_t *p, unsigned n)
{
    uint32_t crc = 0xFFFFFFFFu;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
        }
    }
    return ~crc;
}

static uint32_t rotl(uint32_t x, int r)
{
    return (x << r) | (x >> (32 - r));
}

static uint32_t murmur3(const uint8_t *p, unsigned n, uint32_t seed)
{
    uint32_t h = seed;
    unsigned i = 0;
    for (; i + 4 <= n; i += 4) {
        uint32_t k = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 | (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 24;
        k *= 0xcc9e2d51u;
        k = rotl(k, 15);
        k *= 0x1b873593u;
        h ^= k;
        h = rotl(h, 13);
        h = h * 5 + 0xe6546b64u;
    }
    uint32_t k = 0;
    switch (n & 3) {
    case 3: k ^= (uint32_t)p[i + 2] << 16; /* fall through */
    case 2: k ^= (uint32_t)p[i + 1] << 8;  /* fall through */
    case 1: k ^= p[i];
        k *= 0xcc9e2d51u;
        k = rotl(k, 15);
        k *= 0x1b873593u;
        h ^= k;
    }
    h ^= n;
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

static uint32_t adler32(const uint8_t *p, unsigned n)
{
    uint32_t a = 1, b = 0;
    while (n--) {
        a = (a + *p++) % 65521;
        b = (b + a) % 65521;
    }
    return b << 16 | a;
}

static uint32_t big_endian(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint8_t data[777];

int main(void)
{
    for (unsigned i = 0; i < sizeof data; i++) {
        data[i] = (uint8_t)(i * 131 + (i >> 3));
    }
    printf("fnv1a   %08x\n", fnv1a(data, sizeof data));
    printf("djb2    %08x\n", djb2(data, sizeof data));
    printf("crc32   %08x %08x\n", crc32(data, sizeof data), crc32((const uint8_t *)"123456789", 9));
    for (unsigned n = 0; n < 8; n++) {
        printf("murmur3 %u %08x\n", n, murmur3(data + n, 13 + n, 0x9747b28cu * n));
    }
    printf("adler32 %08x\n", adler32(data, sizeof data));
    printf("bswap   %08x %08x\n", big_endian(data + 5), __builtin_bswap32(big_endian(data + 9)));
    return 0;
}
