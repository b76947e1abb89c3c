/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "macro.h"
#include "path-util.h"
#include "trusted-exec.h"

/* root's, and nobody else can write it: not others, and the group only if it is root's */
static int fd_root_only(int fd) {
        struct stat st;

        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (st.st_uid != 0 || (st.st_mode & 002) || ((st.st_mode & 020) && st.st_gid != 0))
                return -EPERM;
        return 0;
}

/* PATH opened one component at a time from /, never through a symlink, each directory checked
 * before the next name is looked up in it. */
static int open_trusted(const char *path, bool trusted_only, int *ret_fd) {
        _cleanup_free_ char *copy = strdup(path);
        _cleanup_close_ int dir = -1;
        char *p, *next;
        int r;

        if (!copy)
                return -ENOMEM;
        if (!path_is_absolute(path) || !path_is_normalized(path))
                return -EINVAL;
        dir = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (dir < 0)
                return negative_errno();
        for (p = copy + 1;; p = next + 1) {
                _cleanup_close_ int fd = -1;
                struct stat st;

                if (trusted_only) {
                        r = fd_root_only(dir);
                        if (r < 0)
                                return r;
                }
                next = strchr(p, '/');
                if (!next) {
                        fd = openat(dir, p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
                        if (fd < 0)
                                return errno == ELOOP ? -EPERM : negative_errno();
                        if (fstat(fd, &st) < 0)
                                return negative_errno();
                        if (!S_ISREG(st.st_mode))
                                return -EPERM;
                        if (trusted_only) {
                                r = fd_root_only(fd);
                                if (r < 0)
                                        return r;
                        }
                        *ret_fd = TAKE_FD(fd);
                        return 0;
                }
                *next = 0;
                fd = openat(dir, p, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0)
                        return errno == ENOTDIR || errno == ELOOP ? -EPERM : negative_errno();
                safe_close(dir);
                dir = TAKE_FD(fd);
        }
}

int trusted_exec(const char *path, bool trusted_only, char *const argv[], char *const envp[]) {
        _cleanup_close_ int fd = -1;
        int r;

        r = open_trusted(path, trusted_only, &fd);
        if (r < 0)
                return r;
        /* the very inode checked above: a rename over PATH since then changes nothing. O_CLOEXEC
         * stays: an ELF file needs no fd after the exec (only a script would, and it is refused) */
        fexecve(fd, argv, envp);
        return negative_errno();
}
