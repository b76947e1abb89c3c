/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* rm -rf of the tree open as FD (a directory), through file descriptors only: every entry is
 * reached with openat(O_NOFOLLOW) and removed with unlinkat() relative to its own directory's fd,
 * so a symlink swapped in anywhere never leads outside the tree; directories on another file
 * system, or mount points, are left alone (-EBUSY in the end). FD itself stays. */
int rm_rf_children_at(int fd);

/* Removes the directory NAME in PARENT_FD, which must still be the directory open as FD (same
 * device and inode): its contents through FD, then NAME itself. */
int rm_rf_at(int parent_fd, const char *name, int fd);
