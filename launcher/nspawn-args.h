/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app-config.h"
#include "bind.h"

/* Paths inside the container where the launcher puts what it shares. */
#define INSIDE_RUN_DIR "/run/app-container"
#define INSIDE_XAUTHORITY INSIDE_RUN_DIR "/Xauthority"
#define INSIDE_PULSE_SOCKET INSIDE_RUN_DIR "/pulse/native"
#define INSIDE_DBUS_SOCKET INSIDE_RUN_DIR "/bus"
/* the user's runtime dir (a tmpfs of the user's, 0700) and what lands in it */
#define INSIDE_RUNTIME_DIR_FMT "/run/user/%u"
#define INSIDE_WAYLAND_NAME "wayland-0"
#define INSIDE_PIPEWIRE_NAME "pipewire-0"
#define HOST_CUPS_SOCKET "/run/cups/cups.sock"
#define INSIDE_CUPS_SOCKET HOST_CUPS_SOCKET

/* Everything the pure "config + context → nspawn argv + unit properties" step needs; the
 * launcher gathers it from the host (devices, interfaces, sockets) beforehand. */
typedef struct NspawnContext {
        const char *name;
        const char *directory;
        NetworkMode network;
        bool ephemeral;
        bool userns; /* --private-users: BINDS and XAUTHORITY are left to idmap-mount.h */
        uint32_t uid_shift, uid_range; /* uid_range > 0: the app's own range (uid-range.h), not pick */
        const char *idmapped_root; /* ephemeral in a user namespace: -D this (ephemeral-root.h) */
        char **interfaces; /* network=separate: up, physical interfaces */
        const BindMount *binds;
        size_t n_binds;
        bool gpu;
        char **dri_nodes; /* /dev/dri/... when gpu */
        bool webcam;
        char **video_nodes; /* /dev/videoN when webcam */
        const char *x11_socket; /* host /tmp/.X11-unix/XN, or its staging path (bind-stage.h) */
        const char *x11_inside; /* where it lands: /tmp/.X11-unix/XN; NULL: as x11_socket */
        const char *xauthority; /* host cookie file, bound to INSIDE_XAUTHORITY */
        const char *pulse_socket; /* host pulse socket, bound to INSIDE_PULSE_SOCKET */
        const char *dbus_socket; /* host session bus socket, bound to INSIDE_DBUS_SOCKET */
        const char *runtime_dir; /* the user's runtime dir inside (a tmpfs), or NULL */
        const char *runtime_dir_options; /* its tmpfs options: mode, uid, gid */
        const char *wayland_socket; /* host compositor socket, bound to RUNTIME_DIR/INSIDE_WAYLAND_NAME */
        const char *pipewire_socket; /* host PipeWire socket, bound to RUNTIME_DIR/INSIDE_PIPEWIRE_NAME */
        const char *cups_socket; /* host CUPS socket, bound to INSIDE_CUPS_SOCKET */
        bool host_look; /* --timezone=off: /etc/localtime follows the host's (host-look.h) */
        const char *fonts_conf; /* host-look's fonts.conf, bound to HOST_LOOK_FONTS_CONF */
        char **nvidia_nodes; /* /dev/nvidia*, bound and allowed (nvidia.h) */
} NspawnContext;

/* The full ExecStart= command line, SYSTEMD_NSPAWN first. */
int nspawn_build_argv(const NspawnContext *c, char ***ret);

/* DeviceAllow= entries as a flat list: path, permissions, path, permissions, ... */
int nspawn_build_device_allow(const NspawnContext *c, char ***ret);

/* "gui,sound,network=off,bind=..." for ++status; malloc'd. */
char *grants_to_string(const AppConfig *c);
