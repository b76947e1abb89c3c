/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>

/* Waits until FD (the read end of a pipe whose write end a starting server holds) gives exactly
 * WANT: the server's own readiness report (Xephyr's -displayfd "N\n", xdg-dbus-proxy's --fd "x").
 * Reads until a newline or strlen(WANT) bytes. -EPIPE when the server closed the pipe first (it
 * died), -ETIMEDOUT after TIMEOUT_USEC, -EBADMSG for anything else. */
int ready_fd_wait(int fd, const char *want, uint64_t timeout_usec);
