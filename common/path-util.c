/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>
#include <stdarg.h>

#include "macro.h"
#include "path-util.h"

bool path_is_absolute(const char *p) {
        return p && p[0] == '/';
}

bool path_is_below(const char *p, const char *dir) {
        size_t l = dir ? strlen(dir) : 0;

        if (l == 0 || !p)
                return false;
        if (streq(dir, "/"))
                return p[0] == '/' && p[1];
        return strneq(p, dir, l) && p[l] == '/' && p[l + 1];
}

bool path_is_normalized(const char *p) {
        const char *c = p;

        if (!path_is_absolute(p))
                return false;
        if (streq(p, "/"))
                return true;
        while (*c) {
                const char *e;
                size_t l;

                if (*c != '/')
                        return false;
                c++;
                e = strchrnul(c, '/');
                l = (size_t) (e - c);
                if (l == 0 || (l == 1 && c[0] == '.') || (l == 2 && c[0] == '.' && c[1] == '.'))
                        return false;
                c = e;
        }
        return true;
}

const char *path_basename(const char *p) {
        const char *s = strrchr(p, '/');
        return s ? s + 1 : p;
}

char *path_dirname(const char *p) {
        const char *s = strrchr(p, '/');

        if (!s)
                return strdup(".");
        if (s == p)
                return strdup("/");
        return strndup(p, (size_t) (s - p));
}

char *path_join(const char *a, const char *b) {
        char *s;
        size_t la = strlen(a);

        while (la > 0 && a[la - 1] == '/')
                la--;
        while (*b == '/')
                b++;
        if (asprintf(&s, "%.*s/%s", (int) la, a, b) < 0)
                return NULL;
        return s;
}

bool machine_name_is_valid(const char *s) {
        size_t n;
        bool dot = true;

        if (isempty(s))
                return false;
        n = strlen(s);
        if (n > 64)
                return false;
        for (const char *c = s; *c; c++) {
                if (*c == '.') {
                        if (dot) /* leading dot or ".." */
                                return false;
                        dot = true;
                        continue;
                }
                if (!isascii(*c) || !(isalnum(*c) || *c == '-' || *c == '_'))
                        return false;
                dot = false;
        }
        return !dot && s[0] != '-';
}

bool user_name_is_valid(const char *s) {
        size_t n;

        if (isempty(s))
                return false;
        n = strlen(s);
        if (n > 31)
                return false;
        if (!(isascii(s[0]) && (islower(s[0]) || s[0] == '_')))
                return false;
        for (const char *c = s; *c; c++)
                if (!isascii(*c) ||
                        !(islower(*c) || isdigit(*c) || *c == '_' || *c == '-' || (*c == '$' && c[1] == 0)))
                        return false;
        return true;
}

bool bus_name_is_valid(const char *s) {
        size_t n, elements = 0;
        const char *e;

        if (isempty(s) || (n = strlen(s)) > BUS_NAME_MAX)
                return false;
        /* "org.example.*": the prefix must be a name of at least one element */
        if (n > 2 && streq(s + n - 2, ".*"))
                n -= 2;
        for (e = s; e < s + n; e++) {
                const char *start = e;

                if (isdigit(*e))
                        return false;
                for (; e < s + n && *e != '.'; e++)
                        if (!isascii(*e) || !(isalnum(*e) || *e == '_' || *e == '-'))
                                return false;
                if (e == start)
                        return false;
                elements++;
                if (e == s + n - 1) /* a trailing '.' */
                        return false;
        }
        return elements >= (n < strlen(s) ? 1u : 2u);
}

size_t strv_length(char *const *l) {
        size_t n = 0;
        while (l && l[n])
                n++;
        return n;
}

void strv_free(char **l) {
        for (size_t i = 0; l && l[i]; i++)
                free(l[i]);
        free(l);
}

int strv_push(char ***l, char *value) {
        size_t n = strv_length(*l);
        char **c;

        if (!value)
                return -ENOMEM;
        c = realloc(*l, sizeof(char *) * (n + 2));
        if (!c) {
                free(value);
                return -ENOMEM;
        }
        c[n] = value;
        c[n + 1] = NULL;
        *l = c;
        return 0;
}

int strv_extend(char ***l, const char *value) {
        return strv_push(l, strdup(value));
}

int strv_extendf(char ***l, const char *format, ...) {
        va_list ap;
        char *s;
        int r;

        va_start(ap, format);
        r = vasprintf(&s, format, ap);
        va_end(ap);
        if (r < 0)
                return -ENOMEM;
        return strv_push(l, s);
}

char **strv_copy(char *const *l) {
        char **c = calloc(strv_length(l) + 1, sizeof(char *));

        if (!c)
                return NULL;
        for (size_t i = 0; l && l[i]; i++)
                if (!(c[i] = strdup(l[i]))) {
                        strv_free(c);
                        return NULL;
                }
        return c;
}

bool strv_contains(char *const *l, const char *s) {
        for (size_t i = 0; l && l[i]; i++)
                if (streq(l[i], s))
                        return true;
        return false;
}

int split_command_line(const char *s, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ char *word = malloc(strlen(s) + 1);
        const char *c = s;

        if (!word)
                return -ENOMEM;
        for (;;) {
                size_t n = 0;
                char quote = 0;
                bool any = false;

                while (*c == ' ' || *c == '\t' || *c == '\n')
                        c++;
                if (!*c)
                        break;
                for (; *c; c++) {
                        if (quote) {
                                if (*c == quote)
                                        quote = 0;
                                else if (quote == '"' && *c == '\\' && c[1] && strchr("\"\\$`", c[1]))
                                        word[n++] = *++c;
                                else
                                        word[n++] = *c;
                                continue;
                        }
                        if (*c == ' ' || *c == '\t' || *c == '\n')
                                break;
                        any = true;
                        if (*c == '\'' || *c == '"')
                                quote = *c;
                        else if (*c == '\\' && c[1])
                                word[n++] = *++c;
                        else if (*c == '\\')
                                return -EINVAL;
                        else
                                word[n++] = *c;
                }
                if (quote)
                        return -EINVAL;
                if (any) {
                        int r = strv_push(&l, strndup(word, n));
                        if (r < 0)
                                return r;
                }
        }
        if (!l && !(l = calloc(1, sizeof(char *))))
                return -ENOMEM;
        *ret = TAKE_PTR(l);
        return 0;
}

char *shell_quote(const char *s) {
        size_t n = 2;
        char *q, *p;
        bool plain = !isempty(s);

        for (const char *c = s; *c; c++) {
                n += *c == '\'' ? 4 : 1;
                if (!(isalnum(*c) || strchr("@%+=:,./-_", *c)))
                        plain = false;
        }
        if (plain)
                return strdup(s);
        q = p = malloc(n + 1);
        if (!q)
                return NULL;
        *p++ = '\'';
        for (const char *c = s; *c; c++) {
                if (*c == '\'') {
                        memcpy(p, "'\\''", 4);
                        p += 4;
                } else
                        *p++ = *c;
        }
        *p++ = '\'';
        *p = 0;
        return q;
}
