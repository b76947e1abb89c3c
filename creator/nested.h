/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "dry-run-actions.h"

#include <stdbool.h>
#include <stdint.h>

/* The sub-uid range --nested gives the user inside the container. Without a user namespace these
 * are real host uids: each container gets a range of its own, above every range of the host's
 * /etc/subuid and /etc/subgid and every range given before, recorded (root-owned) in
 * NESTED_SUBID_REGISTRY as "START COUNT DIRECTORY" lines, so that no two containers and no host user
 * share one; a rebuild of DIRECTORY gets its range again. */
#define NESTED_SUBID_START 100000u
#define NESTED_SUBID_COUNT 65536u
#define NESTED_SUBID_REGISTRY "/var/lib/app-container/nested-subids"

/* The range for KEY (a rootfs directory): its line in REGISTRY, or (*ret_new) the first multiple of
 * NESTED_SUBID_COUNT at or above NESTED_SUBID_START past the end of every range in HOST_SUBUID,
 * HOST_SUBGID ("name:start:count" lines) and REGISTRY. Any text may be NULL. -ERANGE when the
 * uid space is used up. */
int subid_pick(const char *host_subuid, const char *host_subgid, const char *registry, const char *key,
        uint32_t *ret_start, bool *ret_new);

/* --nested in the rootfs ROOT: newuidmap and newgidmap lose their setuid bit and get only the file
 * capability they need (cap_setuid / cap_setgid), which the launcher lets through for this app
 * alone; USER gets the range of KEY (the directory ROOT becomes: a rebuild's target) in the
 * container's /etc/subuid and /etc/subgid, in place of any useradd gave it. */
int configure_nested(Actions *a, const char *root, const char *key, const char *user);
