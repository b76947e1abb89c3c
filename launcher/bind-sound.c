/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <sys/stat.h>

#include "arg-check.h"
#include "bind-sound.h"
#include "log.h"
#include "macro.h"
#include "nspawn-args.h"
#include "path-util.h"
#include "validate.h"

int socket_check(const Caller *c, const char *path, const char *what) {
        int r = socket_check_as_caller(c, path, NULL);

        if (r == -EINVAL)
                return log_error_errno(r, "%s: the socket path %s must be absolute and must not contain %s.",
                        what, path, ARG_UNSAFE_TEXT);
        if (r == -ENOTSOCK)
                return log_error_errno(r, "%s: %s is not a socket.", what, path);
        if (r == -EPERM)
                return log_error_errno(r, "%s: %s is not a socket of %s.", what, path, c->user);
        if (r < 0)
                return log_error_errno(r, "%s: %s is not accessible to %s: %m", what, path, c->user);
        return 0;
}

int socket_grant(const Caller *c, char *path, const char *what, const char *env_entry, char **ret_socket,
        char ***ret_env) {
        _cleanup_free_ char *p = path;
        _cleanup_strv_free_ char **env = NULL;
        int r = socket_check(c, p, what);

        if (r < 0)
                return r;
        if (strv_extend(&env, env_entry) < 0)
                return log_oom();
        *ret_socket = TAKE_PTR(p);
        *ret_env = TAKE_PTR(env);
        return 0;
}

int runtime_dir_of(const Caller *c, const char *xdg_runtime_dir, char **ret) {
        if (isempty(xdg_runtime_dir)) {
                if (asprintf(ret, "/run/user/%u", (unsigned) c->uid) < 0)
                        return -ENOMEM;
                return 0;
        }
        if (!path_is_absolute(xdg_runtime_dir) || !path_is_normalized(xdg_runtime_dir))
                return -EINVAL;
        *ret = strdup(xdg_runtime_dir);
        return *ret ? 0 : -ENOMEM;
}

int runtime_path(const Caller *c, const char *xdg_runtime_dir, const char *rel, char **ret) {
        _cleanup_free_ char *dir = NULL;
        int r = runtime_dir_of(c, xdg_runtime_dir, &dir);

        if (r < 0)
                return r;
        *ret = path_join(dir, rel);
        return *ret ? 0 : -ENOMEM;
}

static int unix_path_of(const char *address, const char *prefix, char **ret) {
        const char *p;
        size_t l;

        if (!address || !strneq(address, prefix, strlen(prefix)))
                return -EINVAL;
        p = address + strlen(prefix);
        l = strcspn(p, ",;");
        if (l == 0 || p[0] != '/')
                return -EINVAL;
        *ret = strndup(p, l);
        return *ret ? 0 : -ENOMEM;
}

int sound_prepare(const Caller *c, const char *xdg_runtime_dir, const char *pulse_server, char **ret_socket,
        char ***ret_env) {
        _cleanup_free_ char *path = NULL;
        int r;

        /* PULSE_SERVER=unix:/path wins; PipeWire's pipewire-pulse serves the same pulse/native path */
        if (unix_path_of(pulse_server, "unix:", &path) < 0) {
                r = runtime_path(c, xdg_runtime_dir, "pulse/native", &path);
                if (r < 0)
                        return log_error_errno(r, "sound = true, but XDG_RUNTIME_DIR is not usable: %m");
        }
        return socket_grant(c, TAKE_PTR(path), "sound = true", "PULSE_SERVER=unix:" INSIDE_PULSE_SOCKET,
                ret_socket, ret_env);
}

int dbus_prepare(const Caller *c, const char *xdg_runtime_dir, const char *bus_address, const char *what,
        char **ret_socket, char ***ret_env) {
        _cleanup_free_ char *path = NULL;
        int r;

        if (unix_path_of(bus_address, "unix:path=", &path) < 0) {
                r = runtime_path(c, xdg_runtime_dir, "bus", &path);
                if (r < 0)
                        return log_error_errno(r, "%s, but XDG_RUNTIME_DIR is not usable: %m", what);
        }
        return socket_grant(c, TAKE_PTR(path), what,
                "DBUS_SESSION_BUS_ADDRESS=unix:path=" INSIDE_DBUS_SOCKET, ret_socket, ret_env);
}
