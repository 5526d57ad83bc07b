/* strings.c - string functions as a student writes them: gcc turns the
 * comparisons into setcc/cmovcc and the loops into repne scas-free code. */
#include "ringscope.h"

static int my_strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static const char *my_strchr(const char *s, int c)
{
    for (; *s; s++) {
        if (*s == (char)c) {
            return s;
        }
    }
    return 0;
}

static void reverse(char *s)
{
    unsigned n = strlen(s);
    for (unsigned i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
}

static int words(const char *s)
{
    int count = 0, inside = 0;
    for (; *s; s++) {
        int space = *s == ' ' || *s == '\t' || *s == '\n';
        count += !space && !inside;
        inside = !space;
    }
    return count;
}

static int to_int(const char *s)
{
    int sign = 1, v = 0;
    if (*s == '-') {
        sign = -1;
        s++;
    }
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (*s++ - '0');
    }
    return sign * v;
}

static void upper(char *s)
{
    for (; *s; s++) {
        *s = (*s >= 'a' && *s <= 'z') ? *s - 32 : *s;
    }
}

int main(void)
{
    static const char *names[] = {"ring", "rings", "ringscope", "Ring", "", "trap"};
    for (int i = 0; i < 6; i++) {
        for (int j = 0; j < 6; j++) {
            int c = my_strcmp(names[i], names[j]);
            printf("%c", c < 0 ? '<' : c > 0 ? '>' : '=');
        }
        printf(" %u\n", strlen(names[i]));
    }
    const char *hit = my_strchr("privileged", 'l');
    printf("strchr: %s %d\n", hit, my_strchr("ring", 'x') == 0);
    char buf[40];
    memcpy(buf, "the quick brown fox", 20);
    reverse(buf);
    printf("reverse: %s\n", buf);
    upper(buf);
    printf("upper: %s words=%d\n", buf, words("  a b\tcd  efg\n h "));
    printf("to_int: %d %d %d\n", to_int("12345"), to_int("-987"), to_int("42abc"));
    return 0;
}
