/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/* A nested container made before its sub-ids moved inside its own range (creator/nested.h) lists
 * host ids for USER in its /etc/subuid, which its user namespace cannot map. Pure: true if TEXT
 * (that file) gives USER exactly the sub-ids nested_subid_start(UID, GID) and 65536 after it. */
bool nested_subids_current(const char *text, const char *user, uid_t uid, gid_t gid);

/* One warning line at the start of such a container (ROOTFS read inside, never through a link out
 * of it), naming `make-app-container rebuild NAME`, which moves them. */
void nested_subids_warn_old(const char *name, const char *rootfs, const char *user, uid_t uid, gid_t gid);
