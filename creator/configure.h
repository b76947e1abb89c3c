/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "dry-run-actions.h"
#include "user.h"

/* The network file that gives macvlan interfaces (--network separate) an address by DHCP. */
#define MV_NETWORK_FILE "etc/systemd/network/80-app-container-mv.network"
#define MV_NETWORK_TEXT "[Match]\nName=mv-*\n\n[Network]\nDHCP=yes\n"

/* Timers that would wake a container that only exists to run one app, or touch the host's disks. */
extern const char *const masked_units[];

/* hostname, tmpfiles and network fixes, masked timers in ROOT. */
int configure_rootfs(Actions *a, const char *root, const char *name);

/* Creates the user in ROOT (through chroot_exec). Group lookups read LOOKUP_ROOT/etc/group, which is
 * ROOT except under --dry-run, where ROOT does not exist yet and the cached base (if any) stands in. */
int configure_user(Actions *a, const char *root, const char *lookup_root, const UserSpec *u);
