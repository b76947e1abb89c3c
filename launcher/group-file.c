/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <grp.h>
#include <stdio.h>

#include "group-file.h"
#include "macro.h"
#include "path-util.h"

/* NGROUPS_MAX is 65536 on Linux; a container user in more groups than this is not a real one. */
#define GROUPS_MAX 1024

static bool contains(const gid_t *l, size_t n, gid_t g) {
        for (size_t i = 0; i < n; i++)
                if (l[i] == g)
                        return true;
        return false;
}

/* libc's own parser of the group format (fgetgrent: no NSS, no module is loaded) over the bytes the
 * caller read safely; it skips comments and malformed lines. The launcher has one thread, so
 * fgetgrent's static buffer is ours. */
int group_file_user_gids(const char *text, const char *user, gid_t primary, gid_t **ret, size_t *ret_n) {
        _cleanup_free_ gid_t *l = malloc(sizeof(gid_t) * GROUPS_MAX);
        _cleanup_fclose_ FILE *f = NULL;
        struct group *gr;
        size_t n = 0;

        if (!l)
                return -ENOMEM;
        l[n++] = primary;
        if (!isempty(text)) {
                f = fmemopen((void *) text, strlen(text), "r");
                if (!f)
                        return negative_errno();
        }
        while (f && (gr = fgetgrent(f))) {
                if (contains(l, n, gr->gr_gid) || !strv_contains(gr->gr_mem, user))
                        continue;
                if (n >= GROUPS_MAX)
                        return -E2BIG;
                l[n++] = gr->gr_gid;
        }
        *ret = TAKE_PTR(l);
        *ret_n = n;
        return 0;
}
