/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <sys/stat.h>

#include "bind-x11.h"
#include "display.h"
#include "log.h"
#include "macro.h"
#include "nspawn-args.h"
#include "path-util.h"
#include "show.h"
#include "validate.h"
#include "xauth.h"

static int x11_socket_for(const Caller *c, unsigned display, char **ret) {
        _cleanup_free_ char *p = NULL;
        struct stat st;
        int r;

        if (asprintf(&p, "/tmp/.X11-unix/X%u", display) < 0)
                return log_oom();
        if (lstat(p, &st) < 0 || !S_ISSOCK(st.st_mode))
                return log_error_errno(ENOENT, "gui = true, but the X11 socket %s does not exist.", p);
        r = access_as_caller(c, p, R_OK | W_OK);
        if (r < 0)
                return log_error_errno(r, "gui = true, but %s cannot connect to %s: %m", c->user, p);
        *ret = TAKE_PTR(p);
        return 0;
}

/* Writes DATA to PATH as root, then hands the file to the caller: 0600, the caller's. O_NOFOLLOW
 * and a root-owned RUN_DIR/NAME make sure we write where we mean to. */
static int write_cookie(const Caller *c, const char *path, const char *data, size_t size) {
        _cleanup_free_ char *tmp = NULL;
        _cleanup_close_ int fd = -1;
        int r = 0;

        if (asprintf(&tmp, "%s.tmp", path) < 0)
                return -ENOMEM;
        (void) unlink(tmp);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0)
                return negative_errno();
        if (write(fd, data, size) != (ssize_t) size || fchown(fd, c->uid, c->gid) < 0 ||
                fchmod(fd, 0600) < 0 || fsync(fd) < 0 || rename(tmp, path) < 0) {
                r = negative_errno();
                (void) unlink(tmp);
        }
        return r;
}

int x11_prepare(const Caller *c, const char *display, const char *xauthority, const char *cookie_path,
        char **ret_socket, char ***ret_env) {
        _cleanup_free_ char *socket = NULL, *fallback = NULL, *file = NULL, *wild = NULL;
        _cleanup_strv_free_ char **env = NULL;
        XauthEntry e = {};
        size_t size = 0, wild_size = 0;
        unsigned n;
        Step s;
        int r;

        r = display_parse(display, &n);
        if (r < 0)
                return log_error_errno(r,
                        "gui = true, but DISPLAY=%s is not a local display (only :N is shared).", display);
        r = x11_socket_for(c, n, &socket);
        if (r < 0)
                return r;

        if (isempty(xauthority)) {
                fallback = path_join(c->home, ".Xauthority");
                if (!fallback)
                        return log_oom();
                xauthority = fallback;
        }
        /* the caller names the file: it is read with the caller's rights */
        r = read_file_as_caller(c, xauthority, &file, &size);
        if (r < 0)
                return log_error_errno(r, "gui = true, but %s cannot read %s: %m", c->user, xauthority);
        r = xauth_find_display(file, size, n, NULL, &e);
        if (r < 0)
                return log_error_errno(
                        r, "gui = true, but %s has no MIT-MAGIC-COOKIE-1 for display :%u.", xauthority, n);
        /* the container's host name differs from ours: a wildcard entry matches any */
        r = xauth_format_wild(&e, &wild, &wild_size);
        xauth_entry_done(&e);
        if (r < 0)
                return log_oom();
        if (step_begin(&s, "write %s (FamilyWild cookie for :%u, owner %u, 0600)", cookie_path, n,
                    (unsigned) c->uid)) {
                r = write_cookie(c, cookie_path, wild, wild_size);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(r, "Failed to write %s: %m", cookie_path);
        }

        if (strv_extendf(&env, "DISPLAY=:%u", n) < 0 ||
                strv_extend(&env, "XAUTHORITY=" INSIDE_XAUTHORITY) < 0)
                return log_oom();
        *ret_socket = TAKE_PTR(socket);
        *ret_env = TAKE_PTR(env);
        return 0;
}

int x11_private_start(const Caller *c, const char *display, const char *xauthority, const char *cookie_path,
        const char *xephyr_unit, const char *container_unit, char **ret_socket, char ***ret_env) {
        return log_error_errno(EOPNOTSUPP, "gui-private is not supported yet.");
}
