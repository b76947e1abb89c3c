/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "arg-check.h"

bool arg_is_safe(const char *s) {
        if (!s || !*s)
                return false;
        for (const unsigned char *p = (const unsigned char *) s; *p; p++)
                if (*p < 0x20 || *p == 0x7f || strchr("$%\\:", *p))
                        return false;
        return true;
}
