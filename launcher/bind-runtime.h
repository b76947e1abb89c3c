/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "caller.h"

/* The desktop's sockets besides X11 and sound: each opened and checked as the caller like every
 * other one (socket_check_as_caller(): the caller's own or root's, connectable by the caller), and
 * staged from that fd (bind-stage.h). *ret_env gets what the app needs to find it inside, where
 * the Wayland and PipeWire sockets land in the user's runtime dir (INSIDE_RUNTIME_DIR_FMT). */

/* wayland: $XDG_RUNTIME_DIR/$WAYLAND_DISPLAY (unset: wayland-0). WAYLAND_DISPLAY is a plain name in
 * the runtime dir, or an absolute path below it (libwayland takes both); anything else is refused.
 * The environment also tells GTK, Qt, Firefox and SDL to prefer Wayland, with X11 as their
 * fallback when X11 is granted too (X11). */
int wayland_prepare(const Caller *c, const char *xdg_runtime_dir, const char *wayland_display, bool x11,
        char **ret_socket, char ***ret_env);

/* pipewire: $XDG_RUNTIME_DIR/pipewire-0. */
int pipewire_prepare(const Caller *c, const char *xdg_runtime_dir, char **ret_socket, char ***ret_env);

/* cups: the host's CUPS socket, HOST_CUPS_SOCKET; CUPS_SERVER names it inside. */
int cups_prepare(const Caller *c, char **ret_socket, char ***ret_env);

/* The user's runtime dir inside (/run/user/UID) and the options of the tmpfs nspawn mounts there
 * (mode 0700, owned by UID and GID); *ret_env gets XDG_RUNTIME_DIR. */
int runtime_dir_inside(uid_t uid, gid_t gid, char **ret_path, char **ret_options, char ***ret_env);
