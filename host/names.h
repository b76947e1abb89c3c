/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The names both programs derive from a container's name or rootfs, each made in one place. */

/* The unit name for NAME: app-container-NAME.service, malloc'd; NULL on OOM. */
char *unit_name_for(const char *name);

/* DIR.snapshot, the snapshot ++aptupdate keeps of the rootfs DIR (snapshot.h), malloc'd */
int snapshot_path(const char *dir, char **ret);

/* systemd's unit name for the mount point PATH (systemd-escape --path --suffix=mount):
 * /var/lib/machines is var-lib-machines.mount, /var/cache/app-container
 * var-cache-app\x2dcontainer.mount. PATH absolute and normalized, not "/"; -EINVAL otherwise. */
int mount_unit_name_for(const char *path, char **ret);
