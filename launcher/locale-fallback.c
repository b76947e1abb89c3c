/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <locale.h>

#include "env-check.h"
#include "locale-fallback.h"
#include "macro.h"
#include "path-util.h"

#define LOCALE_FALLBACK "C.UTF-8"

int locale_env_fallback(char **env, const char **ret_missing) {
        *ret_missing = NULL;
        for (size_t i = 0; env && env[i]; i++) {
                char *eq = strchr(env[i], '='), *fallback;
                locale_t l;

                if (!eq || !(strneq(env[i], "LANG=", 5) || strneq(env[i], "LC_", 3)))
                        continue;
                /* an empty value means "not set" to glibc */
                if (!eq[1])
                        continue;
                l = newlocale(LC_ALL_MASK, eq + 1, (locale_t) 0);
                if (l) {
                        freelocale(l);
                        continue;
                }
                if (asprintf(&fallback, "%.*s=%s", (int) (eq - env[i]), env[i], LOCALE_FALLBACK) < 0)
                        return -ENOMEM;
                if (!*ret_missing)
                        *ret_missing = eq + 1;
                /* the old string stays alive for *ret_missing; a leak of a few bytes before exec */
                env[i] = fallback;
        }
        return 0;
}
