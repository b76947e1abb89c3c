/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The snapshot ++aptupdate keeps and ++rollback restores: DIR.snapshot beside the rootfs DIR, a
 * `cp -a --reflink=auto` copy (extents shared on btrfs and XFS, a full copy on ext4). Both run as
 * root on a DIR that validate_rootfs() passed, so its parent is root's and nobody else can put
 * anything at DIR.snapshot. */

/* Replaces DIR.snapshot with a copy of DIR (made in DIR.snapshot.new, renamed when complete). */
int snapshot_take(const char *dir);

/* Puts DIR.snapshot in DIR's place and removes what DIR was. -ENOENT: no snapshot. */
int snapshot_restore(const char *dir);
