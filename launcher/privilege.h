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
