/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "display.h"
#include "macro.h"
#include "path-util.h"
#include "ready-fd.h"
#include "show.h"
#include "xauth.h"
#include "xephyr.h"

#define COOKIE_SIZE 16

/* 1 if DIR/NAME exists (as anything, even a dangling symlink), 0 if not */
static int exists(const char *dir, const char *name) {
        _cleanup_free_ char *p = path_join(dir, name);
        struct stat st;

        if (!p)
                return -ENOMEM;
        if (lstat(p, &st) >= 0)
                return 1;
        return errno == ENOENT ? 0 : negative_errno();
}

int display_find_free(const char *socket_dir, const char *lock_dir, unsigned from, unsigned *ret) {
        for (unsigned n = from; n <= DISPLAY_MAX; n++) {
                char socket[16], lock[24];
                int r;

                snprintf(socket, sizeof socket, "X%u", n);
                snprintf(lock, sizeof lock, ".X%u-lock", n);
                r = exists(socket_dir, socket);
                if (r == 0)
                        r = exists(lock_dir, lock);
                if (r < 0)
                        return r;
                if (r == 0) {
                        *ret = n;
                        return 0;
                }
        }
        return -EBUSY;
}

int xephyr_argv(unsigned display, const char *auth_file, const char *geometry, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        int r;

        if (isempty(auth_file) || isempty(geometry) || display > DISPLAY_MAX)
                return -EINVAL;
        r = strv_extend(&l, XEPHYR_PATH);
        if (r >= 0)
                r = strv_extendf(&l, ":%u", display);
        if (r >= 0)
                r = strv_extend(&l, "-auth");
        if (r >= 0)
                r = strv_extend(&l, auth_file);
        /* the unix socket is all the container gets; no port for the network to reach */
        if (r >= 0)
                r = strv_extend(&l, "-nolisten");
        if (r >= 0)
                r = strv_extend(&l, "tcp");
        if (r >= 0)
                r = strv_extend(&l, "-screen");
        if (r >= 0)
                r = strv_extend(&l, geometry);
        if (r >= 0)
                r = strv_extend(&l, "-resizeable");
        /* Xephyr grabs keyboard and mouse on a click by default: the user could not get out */
        if (r >= 0)
                r = strv_extend(&l, "-no-host-grab");
        if (r >= 0)
                r = strv_extend(&l, "-displayfd");
        if (r >= 0)
                r = strv_extendf(&l, "%d", XEPHYR_DISPLAYFD);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}

int xephyr_cookie_new(unsigned display, char **ret, size_t *ret_size) {
        unsigned char data[COOKIE_SIZE];
        char number[16];
        XauthEntry e = {
                .family = XAUTH_FAMILY_WILD,
                .address = (char *) "",
                .number = number,
                .name = (char *) XAUTH_COOKIE_NAME,
                .data = data,
                .data_len = sizeof data,
        };
        ssize_t n;
        int r;

        snprintf(number, sizeof number, "%u", display);
        /* blocks only until the kernel's pool is initialised, which on a running desktop it is */
        n = getrandom(data, sizeof data, 0);
        if (n < 0)
                return negative_errno();
        if (n != (ssize_t) sizeof data)
                return -EIO;
        r = xauth_format_wild(&e, ret, ret_size);
        explicit_bzero(data, sizeof data);
        return r;
}

int xephyr_wait_ready(int fd, unsigned display, uint64_t timeout_usec) {
        char want[16];

        snprintf(want, sizeof want, "%u\n", display);
        return ready_fd_wait(fd, want, timeout_usec);
}
