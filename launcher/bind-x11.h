/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <systemd/sd-bus.h>

#include "caller.h"

/* gui: share one X11 display through its socket and a per-container cookie, never xhost.
 * Reads the caller's Xauthority with the caller's fs ids, picks the cookie for DISPLAY's number
 * and writes it as a FamilyWild entry (the container's hostname differs) to COOKIE_PATH, owned
 * by the caller, mode 0600. On success *ret_socket is /tmp/.X11-unix/XN and *ret_env gets
 * DISPLAY=:N and XAUTHORITY=<inside path>. */
int x11_prepare(const Caller *c, const char *display, const char *xauthority, const char *cookie_path,
        char **ret_socket, char ***ret_env);

/* gui-private: a nested Xephyr window on the caller's DISPLAY (reached with the caller's
 * XAUTHORITY, else ~/.Xauthority) on the first free display :N >= XEPHYR_DISPLAY_FIRST. A fresh
 * cookie for :N goes to COOKIE_PATH (FamilyWild, the caller's, 0600): Xephyr's -auth file and the
 * app's Xauthority. Xephyr runs as the caller in the transient unit XEPHYR_UNIT, PartOf=
 * CONTAINER_UNIT; returns once it accepts clients. *ret_socket is /tmp/.X11-unix/XN, *ret_env
 * gets DISPLAY=:N and XAUTHORITY=<inside path>. Under ++dry-run only shows the steps. */
int x11_private_start(sd_bus *bus, const Caller *c, const char *display, const char *xauthority,
        const char *cookie_path, const char *xephyr_unit, const char *container_unit, char **ret_socket,
        char ***ret_env);

/* Stops XEPHYR_UNIT and waits for it; 0 when it is not loaded. */
int x11_private_stop(sd_bus *bus, const char *xephyr_unit);
