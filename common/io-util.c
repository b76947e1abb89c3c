/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
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
