/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "macro.h"
#include "nspawn-export.h"

int nspawn_unix_export_cleanup(const char *dir, const char *machine) {
        char path[PATH_MAX];
        int n;

        /* DIR is root's (/run/systemd/nspawn), MACHINE a checked host name: no path the user controls.
         * UMOUNT_NOFOLLOW all the same, as for every umount done as root. */
        if (strchr(machine, '/') || streq(machine, ".") || streq(machine, ".."))
                return -EINVAL;
        n = snprintf(path, sizeof(path), "%s/%s", dir, machine);
        if (n < 0 || (size_t) n >= sizeof(path))
                return -ENAMETOOLONG;
        if (umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW) < 0 && errno != EINVAL && errno != ENOENT)
                return -errno;
        return 0;
}
