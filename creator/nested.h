/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "actions.h"

/* The sub-uid range --nested gives the user inside the container: above every user of a Debian
 * system (and, without a user namespace, host uids that no host user owns by default). */
#define NESTED_SUBID_START 100000u
#define NESTED_SUBID_COUNT 65536u

/* --nested in the rootfs ROOT: newuidmap and newgidmap lose their setuid bit and get only the file
 * capability they need (cap_setuid / cap_setgid), which the launcher lets through for this app
 * alone; USER gets a sub-uid and sub-gid range unless it has one. */
int configure_nested(Actions *a, const char *root, const char *user);
