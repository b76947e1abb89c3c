/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>
#include <systemd/sd-bus.h>

#include "caller.h"

/* dbus = filtered: xdg-dbus-proxy on the host, as the user, between the user's session bus and a
 * socket the container gets. It passes calls to the dbus-talk names, lets the app own the dbus-own
 * names, and refuses everything else (org.freedesktop.systemd1 above all: `systemd-run --user` on
 * the whole bus runs any command on the host). It runs as a transient unit with User= (the host
 * bus sees the user's uid, whatever uid the app has inside), PartOf= the container's unit. */

#define XDG_DBUS_PROXY_PATH "/usr/bin/xdg-dbus-proxy"
/* in the app's state dir (root's): a directory of the user's, 0700, where the proxy (the user)
 * makes its socket */
#define DBUS_PROXY_DIR "dbus-proxy"
#define DBUS_PROXY_SOCKET "bus"
/* xdg-dbus-proxy --fd: it writes "x" there once it listens, and exits when that fd reports an
 * error or hangup */
#define DBUS_PROXY_READY_FD 1
#define DBUS_PROXY_READY_TIMEOUT_USEC (10u * 1000000u)

/* XDG_DBUS_PROXY_PATH unix:path=HOST_BUS SOCKET --filter --talk=T... --own=O... --fd=1; every
 * user string through arg_is_safe() and every name through bus_name_is_valid() (-EINVAL). */
int dbus_proxy_argv(const char *host_bus, const char *socket, bool filter, char *const *talk,
        char *const *own, char ***ret);

/* Starts the proxy for the caller C's session bus socket HOST_BUS (checked by the caller), its
 * socket in STATE_DIR/DBUS_PROXY_DIR, as the unit PROXY_UNIT, part of CONTAINER_UNIT; waits for it to
 * listen. *ret_socket: the socket's path. Logs. */
int dbus_proxy_start(sd_bus *bus, const Caller *c, const char *host_bus, const char *state_dir, bool filter,
        char *const *talk, char *const *own, const char *proxy_unit, const char *container_unit,
        char **ret_socket);

/* Stops PROXY_UNIT (nspawn that died on its own does not stop what is PartOf= it) and removes its
 * socket and directory from STATE_DIR, through fds. Logs. */
int dbus_proxy_stop(sd_bus *bus, const char *proxy_unit, const char *state_dir);
