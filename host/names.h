/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "config.h"

/* The names both programs derive from a container's name or rootfs, each made in one place. */

/* The unit name for NAME: app-container-NAME.service, malloc'd; NULL on OOM. */
char *unit_name_for(const char *name);

/* DIR.snapshot, the snapshot ++aptupdate keeps of the rootfs DIR (snapshot.h), malloc'd */
int snapshot_path(const char *dir, char **ret);

/* systemd's unit name for the mount point PATH (systemd-escape --path --suffix=mount):
 * /var/lib/machines is var-lib-machines.mount, /var/cache/app-container
 * var-cache-app\x2dcontainer.mount. PATH absolute and normalized, not "/"; -EINVAL otherwise. */
int mount_unit_name_for(const char *path, char **ret);

/* RUN_DIR/ephemeral-roots/NAME: where the launcher mounts NAME's rootfs idmapped for an ephemeral
 * start (root's directory, 0700); the machine's RootDirectory then. malloc'd */
#define EPHEMERAL_ROOTS_DIR RUN_DIR "/ephemeral-roots"
int ephemeral_root_path(const char *name, char **ret);
