/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "app-config.h"

/* The user's one step up: sudo or pkexec re-executes the root-owned APPCTL_PATH. No libcap here:
 * the front (front.h) links this. */

/* Which helper re-executes APPCTL_PATH: sudo or pkexec (auto: pkexec for gui apps without a tty). */
const char *privilege_helper(Privilege p, bool gui, bool stdin_is_tty);

/* Checks that APPCTL_PATH is root-owned and writable by root only, then execs HELPER with it and
 * TAIL. Returns only on failure. */
int privilege_reexec(const char *helper, char *const *tail);
