/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <sys/types.h>

#include "app-config.h"

/* The app's own session bus: a dbus-daemon inside the container, started as the user (entered and
 * dropped exactly like the app, exec-app.h) with the first instance and gone with the container.
 * It activates the services the image has (dconf-service: gsettings and dconf write
 * ~/.config/dconf/user of the container's home, so settings outlive a restart), and it is why no
 * app looks for dbus-launch. Its socket is in the user's runtime dir inside, /run/user/UID (0700, the
 * user's), which the launcher makes before every drop (runtime_dir_ensure()). */

#define DBUS_DAEMON_PATH "/usr/bin/dbus-daemon"
#define INSIDE_RUNTIME_DIR_PREFIX "/run/user"
#define INSIDE_SESSION_BUS_NAME "bus"

/* The environment every app of the container gets: XDG_RUNTIME_DIR=/run/user/UID, and for MODE
 * DBUS_OFF DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/UID/bus (the private bus; the other modes
 * point it at the host's bus, bind-sound.h). DBUS_FILTERED adds GSETTINGS_BACKEND=keyfile: the
 * session bus is the filtered host bus there, where no dconf-service of the container's is. */
int session_bus_env(uid_t uid, DbusMode mode, char ***ret);

/* dbus-daemon --session --fork --nopidfile --address=unix:path=/run/user/UID/bus: it listens
 * before its first process exits, so a zero exit status means ready. */
int session_bus_argv(uid_t uid, char ***ret);

/* /run/user/UID in the current root (the container's, before the drop): made 0700 and the user's
 * if missing; one that is someone else's is -EPERM. /run/user is root's. */
int runtime_dir_ensure(uid_t uid, gid_t gid);
