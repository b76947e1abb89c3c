/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "caller.h"

/* sound: the caller's PulseAudio (or PipeWire's pulse) socket, $XDG_RUNTIME_DIR/pulse/native or
 * PULSE_SERVER=unix:PATH, accessible to the caller. *ret_env gets PULSE_SERVER for the inside path. */
int sound_prepare(const Caller *c, const char *xdg_runtime_dir, const char *pulse_server, char **ret_socket,
        char ***ret_env);

/* dbus: the caller's session bus socket, DBUS_SESSION_BUS_ADDRESS=unix:path=... or
 * $XDG_RUNTIME_DIR/bus. *ret_env gets DBUS_SESSION_BUS_ADDRESS for the inside path. WHAT
 * ("dbus = full") starts the error messages. */
int dbus_prepare(const Caller *c, const char *xdg_runtime_dir, const char *bus_address, const char *what,
        char **ret_socket, char ***ret_env);
