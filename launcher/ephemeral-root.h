/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "idmap-mount.h"

/* An ephemeral container in a user namespace. nspawn's --volatile=overlay with
 * --private-users-ownership=map fails ("ID mapped mounts are apparently not available": the kernel
 * cannot idmap an overlayfs mount), but overlayfs takes an idmapped lower layer. So root mounts the
 * rootfs DIRECTORY (checked by validate_rootfs(): root's all the way up, no path a user controls)
 * idmapped 0..RANGE-1 -> SHIFT.. at EPHEMERAL_ROOTS_DIR/NAME (names.h; root's 0700 directory), and
 * nspawn runs with -D that, --volatile=overlay and --private-users=SHIFT:RANGE
 * --private-users-ownership=off. Once nspawn runs it holds the mount in its own mount namespace:
 * the host's is detached then, on a failed start, and before every start (a killed launcher's). */

/* The idmapped mount of DIRECTORY for NAME, made after detaching whatever was there. */
int ephemeral_root_mount(const char *name, const char *directory, const UserNsMap *map);

/* Detaches every mount at NAME's path (none: 0). */
int ephemeral_root_detach(const char *name);
