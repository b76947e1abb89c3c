/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
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
