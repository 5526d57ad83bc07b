/* tokens.c - a switch-heavy tokenizer for a small JSON text: jump tables,
 * character classes and counters, as gcc -O0 and -O2 write them. */
#include "ringscope.h"

enum kind { LBRACE, RBRACE, LBRACKET, RBRACKET, COLON, COMMA, STRING, NUMBER, TRUE, FALSE, NUL, ERROR, KINDS };

static const char *names[KINDS] = {"{", "}", "[", "]", ":", ",", "string", "number", "true", "false", "null", "error"};

static const char *text =
    "{\"machine\": {\"rings\": [0, 1, 2, 3], \"cpl\": 3, \"paging\": true,\n"
    " \"techniques\": [\"native\", \"trap-and-emulate\", \"binary\\\"translation\\\"\"],\n"
    " \"cost\": -1250, \"vmx\": false, \"ept\": null, \"bad\": @, \"exp\": 6.02e23}}";

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int match(const char *p, const char *word)
{
    int n = 0;
    while (word[n] && p[n] == word[n]) n++;
    return word[n] ? 0 : n;
}

int main(void)
{
    int counts[KINDS] = {0};
    int depth = 0, deepest = 0, line = 1;
    int64_t numbers = 0;
    const char *p = text;
    while (*p) {
        char c = *p;
        enum kind k;
        int len = 1;
        switch (c) {
        case ' ': case '\t': p++; continue;
        case '\n': line++; p++; continue;
        case '{': k = LBRACE; depth++; break;
        case '[': k = LBRACKET; depth++; break;
        case '}': k = RBRACE; depth--; break;
        case ']': k = RBRACKET; depth--; break;
        case ':': k = COLON; break;
        case ',': k = COMMA; break;
        case '"':
            k = STRING;
            while (p[len] && p[len] != '"') len += p[len] == '\\' ? 2 : 1;
            len++;
            break;
        case '-': case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9': {
            k = NUMBER;
            int sign = c == '-' ? -1 : 1;
            int v = 0;
            len = c == '-';
            while (is_digit(p[len])) v = v * 10 + (p[len++] - '0');
            while (p[len] == '.' || p[len] == 'e' || p[len] == 'E' || is_digit(p[len])) len++;
            numbers += sign * v;
            break;
        }
        case 't': k = (len = match(p, "true")) ? TRUE : ERROR; break;
        case 'f': k = (len = match(p, "false")) ? FALSE : ERROR; break;
        case 'n': k = (len = match(p, "null")) ? NUL : ERROR; break;
        default: k = ERROR; break;
        }
        if (len == 0) len = 1;
        counts[k]++;
        deepest = depth > deepest ? depth : deepest;
        if (k == ERROR) printf("line %d: unexpected '%c'\n", line, c);
        p += len;
    }
    for (int k = 0; k < KINDS; k++) {
        printf("%s=%d ", names[k], counts[k]);
    }
    printf("\ndepth %d deepest %d lines %d numbers %d\n", depth, deepest, line, (int)numbers);
    return 0;
}
