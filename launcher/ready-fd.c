/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "macro.h"
#include "ready-fd.h"
#include "show.h"

#define READY_MAX 16

int ready_fd_wait(int fd, const char *want, uint64_t timeout_usec) {
        uint64_t deadline = now_usec() + timeout_usec;
        size_t size = 0, n_want = strlen(want);
        char buf[READY_MAX];

        if (n_want == 0 || n_want > sizeof buf)
                return -EINVAL;
        for (;;) {
                struct pollfd p = {.fd = fd, .events = POLLIN};
                uint64_t now = now_usec();
                ssize_t n;
                int r;

                if (now >= deadline)
                        return -ETIMEDOUT;
                r = poll(&p, 1, (int) ((deadline - now + 999) / 1000));
                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0)
                        return negative_errno();
                if (r == 0)
                        return -ETIMEDOUT;
                n = read(fd, buf + size, sizeof buf - size);
                if (n < 0 && (errno == EINTR || errno == EAGAIN))
                        continue;
                if (n < 0)
                        return negative_errno();
                if (n == 0)
                        return -EPIPE;
                size += (size_t) n;
                if (memchr(buf, '\n', size) || size >= n_want)
                        return size == n_want && memcmp(buf, want, size) == 0 ? 0 : -EBADMSG;
        }
}
