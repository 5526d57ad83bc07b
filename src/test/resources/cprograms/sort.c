/* sort.c - quicksort, insertion sort and binary search over numbers and
 * strings: comparisons that gcc -O2 turns into cmovcc and setcc. */
#include "ringscope.h"

static uint32_t seed = 12345;

static int next(void)
{
    seed = seed * 1103515245u + 12345u;
    return (int)(seed >> 8) % 2000 - 1000;
}

static void swap(int *a, int *b)
{
    int t = *a;
    *a = *b;
    *b = t;
}

static void quicksort(int *v, int lo, int hi)
{
    while (lo < hi) {
        int pivot = v[(lo + hi) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) swap(&v[i++], &v[j--]);
        }
        if (j - lo < hi - i) {
            quicksort(v, lo, j);
            lo = i;
        } else {
            quicksort(v, i, hi);
            hi = j;
        }
    }
}

static int search(const int *v, int n, int key)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (v[mid] == key) return mid;
        if (v[mid] < key) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
}

static int compare(const char *a, const char *b)
{
    while (*a && *a == *b) { a++; b++; }
    return (*a > *b) - (*a < *b);
}

static void sort_words(const char **w, int n)
{
    for (int i = 1; i < n; i++) {
        const char *key = w[i];
        int j = i - 1;
        while (j >= 0 && compare(w[j], key) > 0) {
            w[j + 1] = w[j];
            j--;
        }
        w[j + 1] = key;
    }
}

static int v[300];

int main(void)
{
    int n = sizeof v / sizeof v[0];
    int min = 1 << 30, max = -(1 << 30);
    for (int i = 0; i < n; i++) {
        v[i] = next();
        min = v[i] < min ? v[i] : min;
        max = v[i] > max ? v[i] : max;
    }
    quicksort(v, 0, n - 1);
    int sorted = 1;
    uint32_t sum = 0;
    for (int i = 1; i < n; i++) {
        sorted &= v[i - 1] <= v[i];
        sum = sum * 31 + (uint32_t)v[i];
    }
    printf("min %d max %d first %d last %d sorted %d sum %08x\n", min, max, v[0], v[n - 1], sorted, sum);
    printf("search: %d %d %d\n", search(v, n, v[17]) >= 0, search(v, n, 5000), v[search(v, n, v[250])] == v[250]);
    const char *words[] = {"trap", "emulate", "ring", "vmexit", "hypercall", "shadow", "ept", "ring0", "gate", "cpl"};
    sort_words(words, 10);
    for (int i = 0; i < 10; i++) {
        printf("%s%c", words[i], i == 9 ? '\n' : ' ');
    }
    return 0;
}
