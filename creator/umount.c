/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <libmount.h>
#include <sys/mount.h>

#include "macro.h"
#include "path-util.h"
#include "umount.h"

static inline void mnt_unref_tablep(struct libmnt_table **t) {
        mnt_unref_table(*t);
}
static inline void mnt_free_iterp(struct libmnt_iter **i) {
        mnt_free_iter(*i);
}

static bool is_below(const char *p, const char *top) {
        size_t l = strlen(top);

        return strneq(p, top, l) && (p[l] == 0 || p[l] == '/');
}

/* The last mount at or below PATH in this process's mount table (libmount reads
 * /proc/self/mountinfo and unescapes it); later entries are stacked on or below earlier ones. */
static int last_below(const char *path, char **ret) {
        _cleanup_(mnt_unref_tablep) struct libmnt_table *t = mnt_new_table();
        _cleanup_(mnt_free_iterp) struct libmnt_iter *it = mnt_new_iter(MNT_ITER_BACKWARD);
        struct libmnt_fs *fs;
        int r;

        if (!t || !it)
                return -ENOMEM;
        r = mnt_table_parse_file(t, "/proc/self/mountinfo");
        if (r < 0)
                return r;
        while ((r = mnt_table_next_fs(t, it, &fs)) == 0) {
                const char *target = mnt_fs_get_target(fs);

                if (target && is_below(target, path)) {
                        *ret = strdup(target);
                        return *ret ? 1 : -ENOMEM;
                }
        }
        return r < 0 ? r : 0;
}

int umount_below(const char *path) {
        int n = 0, r;

        for (;;) {
                _cleanup_free_ char *found = NULL;

                r = last_below(path, &found);
                if (r <= 0)
                        return r < 0 ? r : n;
                if (umount2(found, MNT_DETACH | UMOUNT_NOFOLLOW) < 0)
                        return negative_errno();
                n++;
        }
}
