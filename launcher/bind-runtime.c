/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>

#include "arg-check.h"
#include "bind-runtime.h"
#include "bind-sound.h"
#include "log.h"
#include "macro.h"
#include "nspawn-args.h"
#include "path-util.h"

/* The compositor's socket as libwayland finds it: a name in the runtime dir, or an absolute path.
 * Absolute ones must lie below the runtime dir too, where compositors put their sockets: the
 * grant is the user's compositor, not any socket a variable names. */
static int wayland_path(const Caller *c, const char *xdg_runtime_dir, const char *display, char **ret) {
        _cleanup_free_ char *dir = NULL;
        int r;

        if (isempty(display))
                display = "wayland-0";
        r = runtime_dir_of(c, xdg_runtime_dir, &dir);
        if (r < 0)
                return log_error_errno(r, "wayland = true, but XDG_RUNTIME_DIR is not usable: %m");
        if (path_is_absolute(display)) {
                if (!path_is_normalized(display) || !path_is_below(display, dir))
                        return log_error_errno(-EPERM,
                                "wayland = true: WAYLAND_DISPLAY=%s is not a socket in the runtime dir %s.",
                                display, dir);
                *ret = strdup(display);
        } else {
                if (strchr(display, '/') || streq(display, ".") || streq(display, ".."))
                        return log_error_errno(-EINVAL,
                                "wayland = true: WAYLAND_DISPLAY=%s is neither a name in %s nor an absolute "
                                "path.",
                                display, dir);
                *ret = path_join(dir, display);
        }
        return *ret ? 0 : log_oom();
}

int wayland_prepare(const Caller *c, const char *xdg_runtime_dir, const char *wayland_display, bool x11,
        char **ret_socket, char ***ret_env) {
        _cleanup_free_ char *path = NULL, *socket = NULL;
        _cleanup_strv_free_ char **env = NULL;
        int r;

        r = wayland_path(c, xdg_runtime_dir, wayland_display, &path);
        if (r < 0)
                return r;
        r = socket_grant(
                c, TAKE_PTR(path), "wayland = true", "WAYLAND_DISPLAY=" INSIDE_WAYLAND_NAME, &socket, &env);
        if (r < 0)
                return r;
        /* toolkits that can do both take Wayland first; X11 (XWayland) stays for what needs it */
        if (strv_extend(&env, x11 ? "GDK_BACKEND=wayland,x11" : "GDK_BACKEND=wayland") < 0 ||
                strv_extend(&env, x11 ? "QT_QPA_PLATFORM=wayland;xcb" : "QT_QPA_PLATFORM=wayland") < 0 ||
                strv_extend(&env, "MOZ_ENABLE_WAYLAND=1") < 0 ||
                strv_extend(&env, x11 ? "SDL_VIDEODRIVER=wayland,x11" : "SDL_VIDEODRIVER=wayland") < 0)
                return log_oom();
        *ret_socket = TAKE_PTR(socket);
        *ret_env = TAKE_PTR(env);
        return 0;
}

int pipewire_prepare(const Caller *c, const char *xdg_runtime_dir, char **ret_socket, char ***ret_env) {
        _cleanup_free_ char *path = NULL, *entry = NULL;
        int r;

        r = runtime_path(c, xdg_runtime_dir, INSIDE_PIPEWIRE_NAME, &path);
        if (r < 0)
                return log_error_errno(r, "pipewire = true, but XDG_RUNTIME_DIR is not usable: %m");
        if (asprintf(&entry, "PIPEWIRE_RUNTIME_DIR=" INSIDE_RUNTIME_DIR_FMT, (unsigned) c->uid) < 0)
                return log_oom();
        return socket_grant(c, TAKE_PTR(path), "pipewire = true", entry, ret_socket, ret_env);
}

int cups_prepare(const Caller *c, char **ret_socket, char ***ret_env) {
        char *path = strdup(HOST_CUPS_SOCKET);

        if (!path)
                return log_oom();
        return socket_grant(c, path, "cups = true", "CUPS_SERVER=" INSIDE_CUPS_SOCKET, ret_socket, ret_env);
}

int runtime_dir_inside(uid_t uid, gid_t gid, char **ret_path, char **ret_options, char ***ret_env) {
        _cleanup_free_ char *path = NULL, *options = NULL;
        _cleanup_strv_free_ char **env = NULL;

        /* a tmpfs of its own, as logind gives a session (user-runtime-dir@.service leaves a mount
         * point there alone): the app's own files never land in the container's /run */
        if (asprintf(&path, INSIDE_RUNTIME_DIR_FMT, (unsigned) uid) < 0 ||
                asprintf(&options, "mode=0700,uid=%u,gid=%u", (unsigned) uid, (unsigned) gid) < 0)
                return -ENOMEM;
        if (strv_extendf(&env, "XDG_RUNTIME_DIR=%s", path) < 0)
                return -ENOMEM;
        *ret_path = TAKE_PTR(path);
        *ret_options = TAKE_PTR(options);
        *ret_env = TAKE_PTR(env);
        return 0;
}
