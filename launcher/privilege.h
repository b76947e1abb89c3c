/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "app-config.h"
#include "caller.h"

/* Irreversibly becomes UID/GID with GROUPS: no capabilities in any set, bounding set empty,
 * no_new_privs. For the process that execs the app. NESTED (the conf's nested = true): the
 * bounding set keeps CAP_SETUID and CAP_SETGID and no_new_privs stays off, so that newuidmap and
 * newgidmap, which make-app-container --nested gives exactly those file capabilities, can map the
 * user's sub-uid range for rootless containers. The app's own sets are empty all the same. */
int privilege_drop(uid_t uid, gid_t gid, const gid_t *groups, size_t n_groups, bool nested);

/* Which helper re-executes APPCTL_PATH: sudo or pkexec (auto: pkexec for gui apps without a tty). */
const char *privilege_helper(Privilege p, bool gui, bool stdin_is_tty);

/* Checks that APPCTL_PATH is root-owned and writable by root only, then execs HELPER with it and
 * TAIL. Returns only on failure. */
int privilege_reexec(const char *helper, char *const *tail);
