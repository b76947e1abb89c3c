/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Only the tests print string lists, so this lives here and not in common/. */

#include <stdlib.h>
#include <string.h>

/* The strings of L with SEP between them (malloc'd; "" for an empty list), or NULL when out of memory. */
static inline char *strv_join(char *const *l, const char *sep) {
        size_t n = 1, k = strlen(sep);
        char *buf, *p;

        for (size_t i = 0; l && l[i]; i++)
                n += strlen(l[i]) + (i ? k : 0);
        buf = p = malloc(n);
        if (!buf)
                return NULL;
        *p = 0;
        for (size_t i = 0; l && l[i]; i++)
                p = stpcpy(i ? stpcpy(p, sep) : p, l[i]);
        return buf;
}
