/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind-x11.h"
#include "display.h"
#include "io-util.h"
#include "log.h"
#include "macro.h"
#include "nspawn-args.h"
#include "path-util.h"
#include "show.h"
#include "unit.h"
#include "validate.h"
#include "xauth.h"
#include "xephyr.h"

static int x11_socket_for(const Caller *c, const char *key, unsigned display, char **ret) {
        _cleanup_free_ char *p = NULL;
        struct stat st;
        int r;

        if (asprintf(&p, "/tmp/.X11-unix/X%u", display) < 0)
                return log_oom();
        if (lstat(p, &st) < 0 || !S_ISSOCK(st.st_mode))
                return log_error_errno(-ENOENT, "%s = true, but the X11 socket %s does not exist.", key, p);
        r = socket_check_as_caller(c, p, NULL);
        if (r == -EPERM)
                return log_error_errno(
                        r, "%s = true, but the X server of %s is not %s's or root's.", key, p, c->user);
        if (r < 0)
                return log_error_errno(r, "%s = true, but %s cannot connect to %s: %m", key, c->user, p);
        *ret = TAKE_PTR(p);
        return 0;
}

/* Writes DATA to PATH as root, then hands the file to the caller: 0600, the caller's. O_NOFOLLOW
 * and a root-owned RUN_DIR/NAME make sure we write where we mean to. */
static int write_cookie(const Caller *c, const char *path, const char *data, size_t size) {
        return write_file_atomic_at(AT_FDCWD, path, data, size, 0600, c->uid, c->gid);
}

static int x11_env(unsigned display, char ***ret) {
        _cleanup_strv_free_ char **env = NULL;

        if (strv_extendf(&env, "DISPLAY=:%u", display) < 0 ||
                strv_extend(&env, "XAUTHORITY=" INSIDE_XAUTHORITY) < 0)
                return -ENOMEM;
        *ret = TAKE_PTR(env);
        return 0;
}

/* The caller's Xauthority: XAUTHORITY, else ~/.Xauthority, as Xlib does. */
static int xauthority_path(const Caller *c, const char *xauthority, char **ret) {
        *ret = isempty(xauthority) ? path_join(c->home, ".Xauthority") : strdup(xauthority);
        return *ret ? 0 : -ENOMEM;
}

int x11_prepare(const Caller *c, const char *display, const char *xauthority, const char *cookie_path,
        char **ret_socket, char ***ret_env) {
        _cleanup_free_ char *socket = NULL, *path = NULL, *file = NULL, *wild = NULL;
        _cleanup_strv_free_ char **env = NULL;
        XauthEntry e = {};
        char hostname[HOST_NAME_MAX + 1];
        size_t size = 0, wild_size = 0;
        unsigned n;
        Step s;
        int r;

        r = display_parse(display, &n);
        if (r < 0)
                return log_error_errno(r,
                        "gui = true, but DISPLAY=%s is not a local display (only :N is shared).", display);
        r = x11_socket_for(c, "gui", n, &socket);
        if (r < 0)
                return r;

        if (xauthority_path(c, xauthority, &path) < 0)
                return log_oom();
        xauthority = path;
        /* the caller names the file: it is read with the caller's rights */
        r = read_file_as_caller(c, xauthority, &file, &size);
        if (r < 0)
                return log_error_errno(r, "gui = true, but %s cannot read %s: %m", c->user, xauthority);
        /* appctl runs in the host's UTS namespace: this is the name the user's own X clients look up,
         * so it picks their current cookie over stale entries for a former host name or ssh -X */
        if (gethostname(hostname, sizeof hostname) < 0)
                hostname[0] = 0;
        hostname[sizeof hostname - 1] = 0;
        r = xauth_find_display(file, size, n, hostname[0] ? hostname : NULL, &e);
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

        if (x11_env(n, &env) < 0)
                return log_oom();
        *ret_socket = TAKE_PTR(socket);
        *ret_env = TAKE_PTR(env);
        return 0;
}

/* How long Xephyr may take to open its window on the host display and accept clients. */
#define XEPHYR_READY_TIMEOUT_USEC (10u * 1000000u)

typedef struct XephyrUnit {
        const Caller *caller;
        unsigned display;
        char *const *argv;
        char *const *env;
        const char *container_unit;
        int displayfd;
} XephyrUnit;

static int append_xephyr_properties(sd_bus_message *m, const void *userdata) {
        const XephyrUnit *x = userdata;
        _cleanup_free_ char *description = NULL;
        int r;

        if (asprintf(&description, "Xephyr display :%u for %s", x->display, x->container_unit) < 0)
                return -ENOMEM;
        /* as the caller (unit.h): it reads the caller's Xauthority with the caller's rights; its
         * -displayfd is the stdout pipe */
        r = unit_append_user_helper(
                m, description, x->caller->uid, x->caller->gid, x->container_unit, x->displayfd);
        if (r >= 0)
                r = unit_append_strv_property(m, "Environment", x->env);
        if (r >= 0)
                r = unit_append_exec_start(m, x->argv);
        return r;
}

/* Xephyr runs as a transient unit of systemd, not as a child of the launcher: a child would live
 * in the caller's sudo session, die with the first launcher (++start returns at once) or outlive
 * a SIGKILLed one; as a unit it is stopped with the container through PartOf= (and explicitly by
 * x11_private_stop()), its log goes to the journal, and systemd drops the privileges. */
static int xephyr_start_unit(sd_bus *bus, const char *unit, const XephyrUnit *x) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_free_ char *result = NULL;
        int r;

        /* a leftover from a container that died without its stop shows nothing of use */
        r = unit_start_transient_fresh(bus, unit, "fail", append_xephyr_properties, x, &result, &error);
        if (r == -EIO)
                return log_error_errno(
                        r, "Failed to start Xephyr (job %s); see 'journalctl -u %s'.", strna(result), unit);
        if (r < 0)
                return log_error_errno(r, "Failed to start %s: %s", unit, error.message ?: strerror(-r));
        return 0;
}

int x11_private_start(sd_bus *bus, const Caller *c, const char *display, const char *xauthority,
        const char *cookie_path, const char *xephyr_unit, const char *container_unit, char **ret_socket,
        char ***ret_env) {
        _cleanup_free_ char *host_socket = NULL, *path = NULL, *socket = NULL, *cookie = NULL;
        _cleanup_strv_free_ char **argv = NULL, **env = NULL, **unit_env = NULL;
        _cleanup_close_ int ready = -1, ready_write = -1;
        size_t cookie_size = 0;
        unsigned host, n;
        Step s;
        int r;

        r = display_parse(display, &host);
        if (r < 0)
                return log_error_errno(r,
                        "gui-private = true, but DISPLAY=%s is not a local display (only :N is used).",
                        display);
        /* Xephyr connects to the caller's display as the caller: check what it will need, so that
         * the error is ours and clear rather than a line in the journal */
        r = x11_socket_for(c, "gui-private", host, &host_socket);
        if (r < 0)
                return r;
        if (xauthority_path(c, xauthority, &path) < 0)
                return log_oom();
        r = access_as_caller(c, path, R_OK);
        if (r < 0)
                return log_error_errno(r, "gui-private = true, but %s cannot read %s: %m", c->user, path);
        if (access(XEPHYR_PATH, X_OK) < 0)
                return log_error_errno(negative_errno(),
                        "gui-private = true, but %s is missing; install the package xserver-xephyr: %m",
                        XEPHYR_PATH);

        r = display_find_free("/tmp/.X11-unix", "/tmp", XEPHYR_DISPLAY_FIRST, &n);
        if (r < 0)
                return log_error_errno(r, "Failed to find a free X11 display number: %m");
        show_note("  nested display :%u on %s", n, display);
        if (asprintf(&socket, "/tmp/.X11-unix/X%u", n) < 0 || x11_env(n, &env) < 0 ||
                strv_extendf(&unit_env, "DISPLAY=%s", display) < 0 ||
                strv_extendf(&unit_env, "XAUTHORITY=%s", path) < 0)
                return log_oom();
        r = xephyr_argv(n, cookie_path, XEPHYR_GEOMETRY, &argv);
        if (r < 0)
                return log_error_errno(r, "Failed to build the Xephyr command line: %m");

        if (step_begin(&s, "write %s (fresh FamilyWild cookie for :%u, owner %u, 0600)", cookie_path, n,
                    (unsigned) c->uid)) {
                r = xephyr_cookie_new(n, &cookie, &cookie_size);
                if (r >= 0)
                        r = write_cookie(c, cookie_path, cookie, cookie_size);
                if (cookie)
                        explicit_bzero(cookie, cookie_size);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(r, "Failed to write %s: %m", cookie_path);
        }

        if (!step_begin(&s,
                    "D-Bus org.freedesktop.systemd1 StartTransientUnit(\"%s\", \"fail\") Type=exec User=%u "
                    "Group=%u NoNewPrivileges=yes CapabilityBoundingSet= PartOf=%s "
                    "CollectMode=inactive-or-failed, wait for -displayfd (at most %u s)",
                    xephyr_unit, (unsigned) c->uid, (unsigned) c->gid, container_unit,
                    XEPHYR_READY_TIMEOUT_USEC / 1000000u)) {
                show_argv("  Environment=", unit_env);
                show_argv("  ExecStart=", argv);
                *ret_socket = TAKE_PTR(socket);
                *ret_env = TAKE_PTR(env);
                return 0;
        }
        show_argv("  Environment=", unit_env);
        show_argv("  ExecStart=", argv);
        {
                int fds[2];
                if (pipe2(fds, O_CLOEXEC) < 0)
                        return log_error_errno(negative_errno(), "Failed to create a pipe: %m");
                ready = fds[0];
                ready_write = fds[1];
        }
        r = xephyr_start_unit(bus, xephyr_unit,
                &(const XephyrUnit){
                        .caller = c,
                        .display = n,
                        .argv = argv,
                        .env = unit_env,
                        .container_unit = container_unit,
                        .displayfd = ready_write,
                });
        if (r < 0)
                return r;
        /* Xephyr has its copy: only its exit may close the pipe now */
        ready_write = safe_close(ready_write);
        /* -displayfd is the X server's own readiness report, written once its sockets accept
         * clients. Unlike inotify on /tmp/.X11-unix it also ends the wait the moment Xephyr dies. */
        r = xephyr_wait_ready(ready, n, XEPHYR_READY_TIMEOUT_USEC);
        step_end(&s, r);
        if (r < 0) {
                _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
                (void) unit_stop(bus, xephyr_unit, &error);
                if (r == -EPIPE)
                        return log_error_errno(r,
                                "Xephyr exited before it opened display :%u on %s; see 'journalctl -u %s'.",
                                n, display, xephyr_unit);
                if (r == -ETIMEDOUT)
                        return log_error_errno(r,
                                "Xephyr did not open display :%u within %u s; see 'journalctl -u %s'.", n,
                                XEPHYR_READY_TIMEOUT_USEC / 1000000u, xephyr_unit);
                return log_error_errno(r, "Xephyr did not report display :%u: %m", n);
        }
        /* the socket the container gets: Xephyr's, made by the caller's uid, not a symlink */
        free(socket);
        socket = NULL;
        r = x11_socket_for(c, "gui-private", n, &socket);
        if (r < 0) {
                _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
                (void) unit_stop(bus, xephyr_unit, &error);
                return r;
        }
        *ret_socket = TAKE_PTR(socket);
        *ret_env = TAKE_PTR(env);
        return 0;
}

int x11_private_stop(sd_bus *bus, const char *xephyr_unit) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        Step s;
        int r;

        if (!step_begin(&s,
                    "D-Bus org.freedesktop.systemd1 StopUnit(\"%s\", \"replace\"), wait for JobRemoved",
                    xephyr_unit))
                return 0;
        r = unit_stop(bus, xephyr_unit, &error);
        step_end(&s, r);
        if (r < 0)
                return log_error_errno(
                        r, "Failed to stop %s: %s", xephyr_unit, error.message ?: strerror(-r));
        return 0;
}
