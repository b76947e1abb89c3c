/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "privilege.h"

/* gui: share one X11 display through its socket and a per-container cookie, never xhost.
 * Reads the caller's Xauthority with the caller's fs ids, picks the cookie for DISPLAY's number
 * and writes it as a FamilyWild entry (the container's hostname differs) to COOKIE_PATH, owned
 * by the caller, mode 0600. On success *ret_socket is /tmp/.X11-unix/XN and *ret_env gets
 * DISPLAY=:N and XAUTHORITY=<inside path>. */
int x11_prepare(const Caller *c, const char *display, const char *xauthority, const char *cookie_path,
        char **ret_socket, char ***ret_env);

/* gui-private: a nested Xephyr on the caller's display, with its own fresh cookie in COOKIE_PATH.
 * Runs as the caller in the transient unit XEPHYR_UNIT, which is PartOf= CONTAINER_UNIT so it
 * stops with the container. Waits until its socket exists. */
int x11_private_start(const Caller *c, const char *display, const char *xauthority, const char *cookie_path,
        const char *xephyr_unit, const char *container_unit, char **ret_socket, char ***ret_env);
