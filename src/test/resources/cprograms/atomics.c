/* atomics.c - the atomic builtins a lock or a counter is made of: gcc -m32
 * writes lock xadd, lock cmpxchg, xchg and, for 64-bit values, lock cmpxchg8b
 * (the __sync builtins: 8-byte __atomic ones call libatomic, not linked here). */
#include "ringscope.h"

static volatile int counter;
static volatile uint64_t wide;
static volatile int lock;

static void spin_lock(volatile int *l)
{
    int expected = 0;
    while (!__atomic_compare_exchange_n(l, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        expected = 0;
    }
}

static void spin_unlock(volatile int *l) { __atomic_store_n(l, 0, __ATOMIC_RELEASE); }

int main(void)
{
    int old = 0;
    for (int i = 0; i < 10; i++) {
        old = __atomic_fetch_add(&counter, i, __ATOMIC_SEQ_CST);
    }
    printf("fetch_add: counter %d, last old %d\n", counter, old);
    spin_lock(&lock);
    int held = lock;
    int again = __sync_bool_compare_and_swap(&lock, 0, 1);
    spin_unlock(&lock);
    printf("lock: held %d, second cas %d, after unlock %d\n", held, again, lock);
    uint64_t seen = 0;
    for (int i = 0; i < 5; i++) {
        seen = __sync_fetch_and_add(&wide, 0x100000001ull * (uint64_t)(i + 1));
    }
    uint64_t expect = __sync_val_compare_and_swap(&wide, 0x7FFFFFFFFFFFFFFFull, 42);
    int swapped = __sync_bool_compare_and_swap(&wide, expect, expect + 1);
    printf("64-bit: %08x%08x seen %08x%08x swapped %d expect %08x%08x\n", (uint32_t)(wide >> 32), (uint32_t)wide,
           (uint32_t)(seen >> 32), (uint32_t)seen, swapped, (uint32_t)(expect >> 32), (uint32_t)expect);
    printf("xchg: %d\n", __atomic_exchange_n(&counter, 7, __ATOMIC_SEQ_CST) + counter);
    return 0;
}
