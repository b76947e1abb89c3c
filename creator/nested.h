/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "dry-run-actions.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* The sub-uid range --nested gives the user inside the container: NESTED_SUBID_COUNT ids from
 * nested_subid_start() (uid-range.h), ids of the container's own user namespace, whose range the
 * launcher sizes to hold them (container uid X is host uid SHIFT+X: no host user's ids). A container
 * made before had a range of host ids (recorded in /var/lib/app-container/nested-subids): `rebuild`
 * gives it this one. */
#define NESTED_SUBID_COUNT 65536u

/* --nested in the rootfs ROOT: newuidmap and newgidmap lose their setuid bit and get only the file
 * capability they need (cap_setuid / cap_setgid), which the launcher lets through for this app
 * alone; USER (UID, GID) gets the sub-ids in the container's /etc/subuid and /etc/subgid, in place of
 * any useradd gave it. */
int configure_nested(Actions *a, const char *root, const char *user, uid_t uid, gid_t gid);
