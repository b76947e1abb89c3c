/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "bind-stage.h"
#include "io-util.h"
#include "macro.h"
#include "path-util.h"

/* STAGE_DIR as an fd: a directory of root's, mode 0700, not a symlink (it lies in RUN_DIR/NAME,
 * which is root's; checked all the same, since root mounts there). */
static int stage_dir_open(const char *stage_dir) {
        return root_dir_open(stage_dir, 077);
}

int bind_stage_clear(const char *stage_dir) {
        _cleanup_close_ int fd = stage_dir_open(stage_dir);
        DIR *d;
        struct dirent *de;
        int r = 0;

        if (fd == -ENOENT)
                return 0;
        if (fd < 0)
                return fd;
        d = fdopendir(fd);
        if (!d)
                return negative_errno();
        fd = -1; /* the DIR owns it */
        while ((de = readdir(d))) {
                _cleanup_free_ char *p = NULL;

                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                p = path_join(stage_dir, de->d_name);
                if (!p) {
                        r = -ENOMEM;
                        continue;
                }
                /* detached: a busy mount goes as soon as nothing uses it; the container has its own */
                if (umount2(p, MNT_DETACH | UMOUNT_NOFOLLOW) < 0 && errno != EINVAL && errno != ENOENT)
                        r = negative_errno();
                if (unlinkat(dirfd(d), de->d_name, 0) < 0 && errno == EISDIR &&
                        unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR) < 0)
                        r = negative_errno();
        }
        closedir(d);
        if (rmdir(stage_dir) < 0 && errno != ENOENT && r >= 0)
                r = negative_errno();
        return r;
}

int bind_stage_prepare(const char *stage_dir) {
        int r = bind_stage_clear(stage_dir);

        if (r < 0)
                return r;
        if (mkdir(stage_dir, 0700) < 0)
                return negative_errno();
        r = stage_dir_open(stage_dir);
        if (r < 0)
                return r;
        safe_close(r);
        return 0;
}

int bind_stage_fd(const char *stage_dir, const char *key, int fd, char **ret_path) {
        _cleanup_close_ int dfd = -1, tree = -1, placeholder = -1;
        _cleanup_free_ char *p = path_join(stage_dir, key);
        struct stat st;

        if (!p)
                return -ENOMEM;
        if (fstat(fd, &st) < 0)
                return negative_errno();
        dfd = stage_dir_open(stage_dir);
        if (dfd < 0)
                return dfd;
        /* the mount point has the source's type: a directory, or a file for anything else */
        if (S_ISDIR(st.st_mode)) {
                if (mkdirat(dfd, key, 0700) < 0)
                        return negative_errno();
        } else {
                placeholder = openat(dfd, key, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                if (placeholder < 0)
                        return negative_errno();
        }
        /* a copy of the mount tree at exactly the inode the caller's checks opened (with the
         * submounts below a directory, as nspawn's own --bind would take them) */
        tree = (int) syscall(
                SYS_open_tree, fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);
        if (tree < 0)
                return negative_errno();
        if (syscall(SYS_move_mount, tree, "", dfd, key, MOVE_MOUNT_F_EMPTY_PATH) < 0)
                return negative_errno();
        *ret_path = TAKE_PTR(p);
        return 0;
}
