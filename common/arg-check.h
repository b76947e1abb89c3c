/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

/* The one check every string the user controls (paths of binds and sockets, destinations, names)
 * passes before it reaches systemd or systemd-nspawn. systemd expands $VAR, ${VAR} and %
 * specifiers in ExecStart=, nspawn splits --bind= on ':' and unescapes '\'; control characters
 * end or reshape log lines and unit properties. A string with any of them would be checked as one
 * path and used as another, so it is refused rather than escaped. */
#define ARG_UNSAFE_TEXT "control characters, '$', '%', '\\' and ':'"

bool arg_is_safe(const char *s);
