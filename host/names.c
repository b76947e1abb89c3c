/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>

#include "macro.h"
#include "names.h"

char *unit_name_for(const char *name) {
        char *s;

        if (asprintf(&s, "app-container-%s.service", name) < 0)
                return NULL;
        return s;
}

int snapshot_path(const char *dir, char **ret) {
        return asprintf(ret, "%s.snapshot", dir) < 0 ? -ENOMEM : 0;
}

int ephemeral_root_path(const char *name, char **ret) {
        return asprintf(ret, "%s/%s", EPHEMERAL_ROOTS_DIR, name) < 0 ? -ENOMEM : 0;
}
