/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "names.h"
#include "path-util.h"

char *unit_name_for(const char *name) {
        char *s;

        if (asprintf(&s, "app-container-%s.service", name) < 0)
                return NULL;
        return s;
}

int snapshot_path(const char *dir, char **ret) {
        return asprintf(ret, "%s.snapshot", dir) < 0 ? -ENOMEM : 0;
}

/* systemd's unit_name_path_escape(): '/' separates, everything but [A-Za-z0-9:_.] is \xNN, and so is
 * a leading '.' (a hidden file is no unit name) */
int mount_unit_name_for(const char *path, char **ret) {
        _cleanup_free_ char *s = NULL;
        size_t n = 0;

        if (!path || !path_is_absolute(path) || !path_is_normalized(path) || streq(path, "/"))
                return -EINVAL;
        s = malloc(strlen(path) * 4 + sizeof(".mount"));
        if (!s)
                return -ENOMEM;
        for (const char *c = path + 1; *c; c++) {
                bool plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                        (*c >= '0' && *c <= '9') || *c == ':' || *c == '_' || (*c == '.' && c != path + 1);

                if (*c == '/')
                        s[n++] = '-';
                else if (plain)
                        s[n++] = *c;
                else
                        n += (size_t) sprintf(s + n, "\\x%02x", (unsigned char) *c);
        }
        strcpy(s + n, ".mount");
        *ret = TAKE_PTR(s);
        return 0;
}

int ephemeral_root_path(const char *name, char **ret) {
        return asprintf(ret, "%s/%s", EPHEMERAL_ROOTS_DIR, name) < 0 ? -ENOMEM : 0;
}
