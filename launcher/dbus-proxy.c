/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arg-check.h"
#include "dbus-proxy.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "ready-fd.h"
#include "show.h"
#include "unit.h"

static int add_names(char ***l, const char *option, char *const *names) {
        for (size_t i = 0; names && names[i]; i++) {
                /* the conf's checks again: these strings reach systemd's ExecStart= */
                if (!bus_name_is_valid(names[i]) || !arg_is_safe(names[i]))
                        return -EINVAL;
                if (strv_extendf(l, "--%s=%s", option, names[i]) < 0)
                        return -ENOMEM;
        }
        return 0;
}

int dbus_proxy_argv(const char *host_bus, const char *socket, bool filter, char *const *talk,
        char *const *own, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        int r;

        if (!path_is_absolute(host_bus) || !arg_is_safe(host_bus) || !path_is_absolute(socket) ||
                !arg_is_safe(socket))
                return -EINVAL;
        r = strv_extend(&l, XDG_DBUS_PROXY_PATH);
        if (r >= 0)
                r = strv_extendf(&l, "unix:path=%s", host_bus);
        if (r >= 0)
                r = strv_extend(&l, socket);
        /* without --filter the proxy passes everything: dbus = full, where it is there only so
         * that the host bus sees the user (the app's uid is shifted in the container's user
         * namespace, and the bus refuses it) */
        if (r >= 0 && filter)
                r = strv_extend(&l, "--filter");
        if (r >= 0 && filter)
                r = add_names(&l, "talk", talk);
        if (r >= 0 && filter)
                r = add_names(&l, "own", own);
        if (r >= 0)
                r = strv_extendf(&l, "--fd=%d", DBUS_PROXY_READY_FD);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}

/* STATE_DIR/DBUS_PROXY_DIR, the caller's, 0700, without a stale socket. STATE_DIR is root's, so
 * only root makes entries in it; inside the user's directory root only unlinks, through its fd. */
static int proxy_dir_prepare(const Caller *c, const char *state_dir) {
        _cleanup_close_ int state = -1, dir = -1;
        struct stat st;

        state = open(state_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (state < 0)
                return negative_errno();
        if (mkdirat(state, DBUS_PROXY_DIR, 0700) < 0 && errno != EEXIST)
                return negative_errno();
        dir = openat(state, DBUS_PROXY_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dir < 0)
                return negative_errno();
        if (fstat(dir, &st) < 0)
                return negative_errno();
        /* Privilege change: the directory becomes the caller's, so that the proxy (the caller) can
         * make its socket there; the fd is the directory just made or checked, never a symlink. */
        if (st.st_uid != c->uid && fchown(dir, c->uid, c->gid) < 0)
                return negative_errno();
        if ((st.st_mode & 07777) != 0700 && fchmod(dir, 0700) < 0)
                return negative_errno();
        if (unlinkat(dir, DBUS_PROXY_SOCKET, 0) < 0 && errno != ENOENT)
                return negative_errno();
        return 0;
}

typedef struct ProxyUnit {
        const Caller *caller;
        char *const *argv;
        const char *container_unit;
        int ready_read, ready_write;
} ProxyUnit;

static int append_proxy_properties(sd_bus_message *m, const void *userdata) {
        const ProxyUnit *p = userdata;
        _cleanup_free_ char *description = NULL;
        int r;

        if (asprintf(&description, "D-Bus filter of uid %u for %s", (unsigned) p->caller->uid,
                    p->container_unit) < 0)
                return -ENOMEM;
        /* as the caller (unit.h): the host's bus sees the caller, never root, and never the uid the
         * app has inside. --fd=1 is the stdout pipe; the proxy exits when that fd reports a hangup,
         * i.e. when the last read end closes: its stdin is a read end of its own, so it lives on after
         * the launcher that started it exits, until its unit stops. */
        r = unit_append_user_helper(
                m, description, p->caller->uid, p->caller->gid, p->container_unit, p->ready_write);
        if (r >= 0)
                r = sd_bus_message_append(m, "(sv)", "StandardInputFileDescriptor", "h", p->ready_read);
        if (r >= 0)
                r = unit_append_exec_start(m, p->argv);
        return r;
}

int dbus_proxy_start(sd_bus *bus, const Caller *c, const char *host_bus, const char *state_dir, bool filter,
        char *const *talk, char *const *own, const char *proxy_unit, const char *container_unit,
        char **ret_socket) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_free_ char *dir = path_join(state_dir, DBUS_PROXY_DIR), *socket = NULL, *result = NULL;
        _cleanup_strv_free_ char **argv = NULL;
        _cleanup_close_ int ready = -1, ready_write = -1;
        int fds[2], r;
        Step s;

        if (!dir || !(socket = path_join(dir, DBUS_PROXY_SOCKET)))
                return log_oom();
        r = dbus_proxy_argv(host_bus, socket, filter, talk, own, &argv);
        if (r < 0)
                return log_error_errno(r, "Failed to build the xdg-dbus-proxy command line: %m");
        if (access(XDG_DBUS_PROXY_PATH, X_OK) < 0)
                return log_error_errno(negative_errno(),
                        "dbus = %s, but %s is missing; install the package xdg-dbus-proxy: %m",
                        filter ? "filtered" : "full", XDG_DBUS_PROXY_PATH);

        if (step_begin(
                    &s, "mkdir %s (owner %s, 0700), remove a stale %s", dir, c->user, DBUS_PROXY_SOCKET)) {
                r = proxy_dir_prepare(c, state_dir);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(r, "Failed to set up %s: %m", dir);
        }
        if (!step_begin(&s,
                    "D-Bus org.freedesktop.systemd1 StartTransientUnit(\"%s\", \"fail\") Type=exec User=%u "
                    "Group=%u NoNewPrivileges=yes CapabilityBoundingSet= PartOf=%s "
                    "CollectMode=inactive-or-failed, wait for --fd (at most %u s)",
                    proxy_unit, (unsigned) c->uid, (unsigned) c->gid, container_unit,
                    DBUS_PROXY_READY_TIMEOUT_USEC / 1000000u)) {
                show_argv("  ExecStart=", argv);
                *ret_socket = TAKE_PTR(socket);
                return 0;
        }
        show_argv("  ExecStart=", argv);
        if (pipe2(fds, O_CLOEXEC) < 0)
                return log_error_errno(negative_errno(), "Failed to create a pipe: %m");
        ready = fds[0];
        ready_write = fds[1];
        r = unit_start_transient_fresh(bus, proxy_unit, "fail", append_proxy_properties,
                &(const ProxyUnit){
                        .caller = c,
                        .argv = argv,
                        .container_unit = container_unit,
                        .ready_read = ready,
                        .ready_write = ready_write,
                },
                &result, &error);
        if (r == -EIO)
                return log_error_errno(r, "Failed to start xdg-dbus-proxy (job %s); see 'journalctl -u %s'.",
                        strna(result), proxy_unit);
        if (r < 0)
                return log_error_errno(
                        r, "Failed to start %s: %s", proxy_unit, error.message ?: strerror(-r));
        /* the proxy has its copies: only its exit may close the pipe now */
        ready_write = safe_close(ready_write);
        r = ready_fd_wait(ready, "x", DBUS_PROXY_READY_TIMEOUT_USEC);
        step_end(&s, r);
        if (r < 0) {
                sd_bus_error_free(&error);
                (void) unit_stop(bus, proxy_unit, &error);
                return log_error_errno(r,
                        "xdg-dbus-proxy did not start listening on %s: %m; see 'journalctl -u %s'.", socket,
                        proxy_unit);
        }
        *ret_socket = TAKE_PTR(socket);
        return 0;
}

int dbus_proxy_stop(sd_bus *bus, const char *proxy_unit, const char *state_dir) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_close_ int state = -1, dir = -1;
        Step s;
        int r;

        if (!step_begin(&s, "D-Bus org.freedesktop.systemd1 StopUnit(\"%s\", \"replace\"), remove %s/%s",
                    proxy_unit, state_dir, DBUS_PROXY_DIR))
                return 0;
        r = unit_stop(bus, proxy_unit, &error);
        step_end(&s, r);
        if (r < 0)
                return log_error_errno(
                        r, "Failed to stop %s: %s", proxy_unit, error.message ?: strerror(-r));
        /* the user's directory in root's: its socket and itself, through fds, never followed */
        state = open(state_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (state >= 0)
                dir = openat(state, DBUS_PROXY_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dir >= 0) {
                (void) unlinkat(dir, DBUS_PROXY_SOCKET, 0);
                (void) unlinkat(state, DBUS_PROXY_DIR, AT_REMOVEDIR);
        }
        return 0;
}
