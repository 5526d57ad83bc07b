/* sha256.h - SHA-256 (FIPS 180-4), written plainly: the kind of integer code
 * gcc -O2 compiles into rotates, byte swaps and long dependency chains. */
#ifndef SHA256_H
#define SHA256_H

#include <stdint.h>

struct sha256 {
    uint32_t state[8];
    uint8_t block[64];
    uint32_t used;     /* bytes in block */
    uint32_t length;   /* bytes hashed so far (programs here hash less than 512 MiB) */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, uint32_t n);
void sha256_final(struct sha256 *s, uint8_t digest[32]);

#endif
