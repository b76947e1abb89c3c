/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <locale.h>

#include "env-check.h"
#include "locale-fallback.h"
#include "macro.h"
#include "path-util.h"

#define LOCALE_FALLBACK "C.UTF-8"

int locale_env_fallback(char **env, char **ret_missing) {
        _cleanup_free_ char *missing = NULL;

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
                if (!missing && !(missing = strdup(eq + 1))) {
                        free(fallback);
                        return -ENOMEM;
                }
                /* the agent lives on after each launch: nothing of ENV's may leak */
                free(env[i]);
                env[i] = fallback;
        }
        *ret_missing = TAKE_PTR(missing);
        return 0;
}
