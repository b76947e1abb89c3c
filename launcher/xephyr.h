/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* gui-private: the app gets a nested Xephyr display instead of the user's. These are the pure
 * parts; bind-x11.c starts it. */

#define XEPHYR_PATH "/usr/bin/Xephyr"
/* High enough to stay clear of the displays a desktop (:0, :1) and ssh -X (:10...) use. */
#define XEPHYR_DISPLAY_FIRST 100u
#define XEPHYR_GEOMETRY "1280x800"
/* The X server reports readiness on this fd (-displayfd): its stdout, a pipe to the launcher. */
#define XEPHYR_DISPLAYFD 1

/* The first display number N >= FROM for which neither SOCKET_DIR/XN nor LOCK_DIR/.XN-lock
 * exists (an X server creates both). -EBUSY when every number up to 65535 is taken. */
int display_find_free(const char *socket_dir, const char *lock_dir, unsigned from, unsigned *ret);

/* XEPHYR_PATH :DISPLAY -auth AUTH_FILE -nolisten tcp -screen GEOMETRY ...: a resizeable window
 * that never grabs the host's keyboard and mouse, and writes its display number to
 * XEPHYR_DISPLAYFD once it accepts clients. */
int xephyr_argv(unsigned display, const char *auth_file, const char *geometry, char ***ret);

/* A fresh MIT-MAGIC-COOKIE-1 (16 bytes from getrandom()) for DISPLAY as one FamilyWild
 * Xauthority record: Xephyr reads it with -auth, the app inside the container with XAUTHORITY. */
int xephyr_cookie_new(unsigned display, char **ret, size_t *ret_size);

/* Waits until the X server writes "DISPLAY\n" to FD (the read end of its -displayfd pipe), at
 * most TIMEOUT_USEC. -EPIPE when it closes the pipe first (it exited: display taken, host display
 * refused it, ...), -ETIMEDOUT, -EBADMSG when it reports another number. */
int xephyr_wait_ready(int fd, unsigned display, uint64_t timeout_usec);
