/* workload.c - what `ringscope bench` measures as compiled C: endless SHA-256.
 *
 * gcc -O2's code for an ordinary integer computation, hashing a 1000-byte
 * buffer again and again, with a getpid() system call after every hash and
 * the timer's ticks; it never ends (bench stops it after a fixed number of
 * instructions). It states no output for that reason.
 */
#include "ringscope.h"
#include "sha256.h"

static uint8_t buffer[1000];

int main(void)
{
    uint8_t digest[32];
    for (unsigned i = 0; i < sizeof buffer; i++) {
        buffer[i] = (uint8_t)(i * 7 + 3);
    }
    printf("workload: hashing forever\n");
    for (;;) {
        struct sha256 s;
        sha256_init(&s);
        sha256_update(&s, buffer, sizeof buffer);
        sha256_final(&s, digest);
        buffer[0] ^= digest[0];
        sys_getpid();
    }
}
