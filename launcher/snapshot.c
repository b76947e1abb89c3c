/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "macro.h"
#include "names.h"
#include "process.h"
#include "snapshot.h"

static int run(char *const *argv) {
        int r, status = 0;

        /* to its end even when interrupted: half a copy or half a removal helps nobody */
        r = process_run_to_end(argv, -1, &status);
        if (r < 0)
                return r;
        return status == 0 ? 0 : -EIO;
}

/* A root-owned directory, not a symlink: what only we can have made */
static int is_ours(const char *p) {
        struct stat st;

        if (lstat(p, &st) < 0)
                return negative_errno();
        return S_ISDIR(st.st_mode) && st.st_uid == 0 ? 0 : -EPERM;
}

int snapshot_take(const char *dir) {
        _cleanup_free_ char *snap = NULL, *tmp = NULL;
        int r;

        if (snapshot_path(dir, &snap) < 0 || asprintf(&tmp, "%s.new", snap) < 0)
                return -ENOMEM;
        if (access(tmp, F_OK) == 0 && (r = remove_tree(tmp)) < 0)
                return r;
        r = run((char *[]){(char *) "cp", (char *) "-a", (char *) "--reflink=auto", (char *) "--",
                (char *) dir, tmp, NULL});
        if (r < 0) {
                (void) remove_tree(tmp);
                return r;
        }
        if (access(snap, F_OK) == 0) {
                r = is_ours(snap);
                if (r >= 0)
                        r = remove_tree(snap);
                if (r < 0)
                        return r;
        }
        return rename(tmp, snap) < 0 ? negative_errno() : 0;
}

int snapshot_restore(const char *dir) {
        _cleanup_free_ char *snap = NULL, *old = NULL;
        int r;

        if (snapshot_path(dir, &snap) < 0 || asprintf(&old, "%s.rolled-back", dir) < 0)
                return -ENOMEM;
        r = is_ours(snap);
        if (r < 0)
                return r;
        if (access(old, F_OK) == 0 && (r = remove_tree(old)) < 0)
                return r;
        /* two renames: at every moment DIR is either the old or the restored tree */
        if (rename(dir, old) < 0)
                return negative_errno();
        if (rename(snap, dir) < 0) {
                r = negative_errno();
                (void) rename(old, dir);
                return r;
        }
        return remove_tree(old);
}
