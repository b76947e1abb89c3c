/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "caller.h"

/* A socket the caller may connect to (socket_check_as_caller()); logs why not, as "WHAT: ...". */
int socket_check(const Caller *c, const char *path, const char *what);

/* The tail of every socket grant: PATH (taken, also on failure) checked with socket_check() for WHAT;
 * then *ret_socket is PATH and *ret_env holds ENV_ENTRY ("KEY=VALUE" for the inside). */
int socket_grant(const Caller *c, char *path, const char *what, const char *env_entry, char **ret_socket,
        char ***ret_env);

/* The caller's XDG_RUNTIME_DIR (absolute, normalized; unset: /run/user/UID of the caller). */
int runtime_dir_of(const Caller *c, const char *xdg_runtime_dir, char **ret);
/* The same, joined with REL. */
int runtime_path(const Caller *c, const char *xdg_runtime_dir, const char *rel, char **ret);

/* sound: the caller's PulseAudio (or PipeWire's pulse) socket, $XDG_RUNTIME_DIR/pulse/native or
 * PULSE_SERVER=unix:PATH, accessible to the caller. *ret_env gets PULSE_SERVER for the inside path. */
int sound_prepare(const Caller *c, const char *xdg_runtime_dir, const char *pulse_server, char **ret_socket,
        char ***ret_env);

/* dbus: the caller's session bus socket, DBUS_SESSION_BUS_ADDRESS=unix:path=... or
 * $XDG_RUNTIME_DIR/bus. *ret_env gets DBUS_SESSION_BUS_ADDRESS for the inside path. WHAT
 * ("dbus = full") starts the error messages. */
int dbus_prepare(const Caller *c, const char *xdg_runtime_dir, const char *bus_address, const char *what,
        char **ret_socket, char ***ret_env);
