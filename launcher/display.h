/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* X servers refuse displays above this too; it keeps "/tmp/.X11-unix/X%u" short. */
#define DISPLAY_MAX 65535u

/* Parses a local X11 display (":N", ":N.S", "unix:N[.S]") into its number. TCP displays
 * ("host:N") are refused with -EINVAL: a container only ever gets the unix socket. */
int display_parse(const char *display, unsigned *ret_number);
