/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Parses a local X11 display (":N", ":N.S", "unix:N[.S]") into its number. TCP displays
 * ("host:N") are refused with -EINVAL: a container only ever gets the unix socket. */
int display_parse(const char *display, unsigned *ret_number);
