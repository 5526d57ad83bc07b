/* sha256.c - a hash of a buffer: the same answer under every technique.
 *
 * A computation that never leaves ring 3 until it prints: no privileged
 * instruction, no fault, so every technique runs it as native does, and
 * what differs is only the cost. `ringscope compare samples/c/sha256.elf`
 * shows the cycles of each; the few system calls (the writes) and the timer
 * ticks are where a VMM has work to do. The digest is SHA-256 of the 1000
 * bytes (i * 7 + 3) mod 256, as Python's hashlib computes it.
 *
 * expect: minios: starting 1 user task
 * expect: sha256 of 1000 bytes: 1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371
 * expect: the same digest 4 times over: yes
 * expect: minios: all tasks exited, exit value 0
 */
#include "ringscope.h"
#include "sha256.h"

static uint8_t buffer[1000];

static void digest_of_buffer(uint8_t digest[32])
{
    struct sha256 s;
    sha256_init(&s);
    sha256_update(&s, buffer, sizeof buffer);
    sha256_final(&s, digest);
}

int main(void)
{
    for (unsigned i = 0; i < sizeof buffer; i++) {
        buffer[i] = (uint8_t)(i * 7 + 3);
    }
    uint8_t first[32];
    digest_of_buffer(first);
    printf("sha256 of %u bytes: ", (unsigned)sizeof buffer);
    for (int i = 0; i < 32; i++) {
        printf("%02x", first[i]);
    }
    printf("\n");
    int same = 1;
    for (int round = 0; round < 4; round++) {
        uint8_t again[32];
        digest_of_buffer(again);
        for (int i = 0; i < 32; i++) {
            same &= again[i] == first[i];
        }
    }
    printf("the same digest 4 times over: %s\n", same ? "yes" : "no");
    return 0;
}
