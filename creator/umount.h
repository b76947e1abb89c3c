/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Detaches every mount at or below PATH, deepest first. A debootstrap killed in its second stage can
 * leave its /proc mount in the target; rm --one-file-system would then refuse to remove the tree.
 * Returns the number of mounts detached, or negative errno. */
int umount_below(const char *path);
