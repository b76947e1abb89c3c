/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io-util.h"
#include "macro.h"

ssize_t read_retry(int fd, void *buf, size_t size) {
        for (;;) {
                ssize_t n = read(fd, buf, size);
                if (n >= 0 || errno != EINTR)
                        return n < 0 ? negative_errno() : n;
        }
}

int write_all(int fd, const void *buf, size_t size) {
        const char *p = buf;

        while (size > 0) {
                ssize_t k = write(fd, p, size);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return negative_errno();
                }
                p += k, size -= (size_t) k;
        }
        return 0;
}

int fd_verify_regular(int fd) {
        struct stat st;

        if (fstat(fd, &st) < 0)
                return negative_errno();
        return S_ISREG(st.st_mode) ? 0 : -EBADF;
}

int read_fd_all(int fd, size_t max, char **ret, size_t *ret_size) {
        _cleanup_free_ char *buf = NULL;
        size_t n = 0, cap = 0;

        for (;;) {
                ssize_t k;

                if (n + 4096 + 1 > cap) {
                        char *b;
                        if (cap >= max)
                                return -EFBIG;
                        cap = cap ? cap * 2 : 8192;
                        b = realloc(buf, cap);
                        if (!b)
                                return -ENOMEM;
                        buf = b;
                }
                k = read_retry(fd, buf + n, cap - n - 1);
                if (k < 0)
                        return (int) k;
                if (k == 0)
                        break;
                n += (size_t) k;
        }
        buf[n] = 0;
        if (ret_size)
                *ret_size = n;
        *ret = TAKE_PTR(buf);
        return 0;
}

int read_file_nofollow(const char *path, char **ret) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
        int r;

        if (fd < 0)
                return negative_errno();
        r = fd_verify_regular(fd);
        if (r < 0)
                return r;
        return read_fd_all(fd, READ_FILE_MAX, ret, NULL);
}

/* DIR_FD/.BASE.XXXXXXXXXXXX beside NAME, created: an unpredictable name, so that writers running at
 * once never share it and nobody can place anything there before us */
static int open_temp_beside(int dir_fd, const char *name, char **ret_tmp) {
        const char *base = strrchr(name, '/');
        int dir_len = base ? (int) (base - name + 1) : 0;

        base = base ? base + 1 : name;
        for (int attempt = 0; attempt < 16; attempt++) {
                _cleanup_free_ char *tmp = NULL;
                uint64_t rnd;
                int fd;

                if (getrandom(&rnd, sizeof(rnd), 0) != (ssize_t) sizeof(rnd))
                        return -EIO;
                if (asprintf(&tmp, "%.*s.%s.%012" PRIx64, dir_len, name, base,
                            (uint64_t) (rnd & UINT64_C(0xffffffffffff))) < 0)
                        return -ENOMEM;
                fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                if (fd >= 0) {
                        *ret_tmp = TAKE_PTR(tmp);
                        return fd;
                }
                if (errno != EEXIST)
                        return negative_errno();
        }
        return -EEXIST;
}

int write_file_atomic_at(
        int dir_fd, const char *name, const void *data, size_t size, mode_t mode, uid_t uid, gid_t gid) {
        _cleanup_free_ char *tmp = NULL;
        _cleanup_close_ int fd = -1;
        int r;

        fd = open_temp_beside(dir_fd, name, &tmp);
        if (fd < 0)
                return fd;
        r = write_all(fd, data, size);
        /* the owner first: a chown by root clears the mode's set-id bits, and the mode is whole,
         * whatever the umask took from it at the open */
        if (r >= 0 && (uid != (uid_t) -1 || gid != (gid_t) -1) && fchown(fd, uid, gid) < 0)
                r = negative_errno();
        if (r >= 0 && (fchmod(fd, mode) < 0 || fsync(fd) < 0 || renameat(dir_fd, tmp, dir_fd, name) < 0))
                r = negative_errno();
        if (r < 0)
                (void) unlinkat(dir_fd, tmp, 0);
        return r;
}

int root_dir_open(const char *path, mode_t forbidden) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        struct stat st;

        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (st.st_uid != 0 || (st.st_mode & forbidden))
                return -EPERM;
        return TAKE_FD(fd);
}

int path_is_mount_root_at(int dir_fd, const char *name) {
#ifdef STATX_ATTR_MOUNT_ROOT
        struct statx sx;

        if (statx(dir_fd, name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_TYPE, &sx) < 0)
                return negative_errno();
        if (!(sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
                return -EOPNOTSUPP;
        return !!(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
#else
        /* a libc without statx() (musl before 1.2.5, the front's): its callers take it as a kernel
         * that cannot tell; the front, the only program built so, never asks */
        (void) dir_fd;
        (void) name;
        return -EOPNOTSUPP;
#endif
}
