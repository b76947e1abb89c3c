/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Runs ARGV chrooted into ROOT with /proc, /dev (bind) and /sys mounted, inside a private mount
 * namespace of a forked child: the mounts vanish with it and never show up in the host's mount
 * table. Output goes to OUT_FD (the caller's stderr if < 0). *ret_status as process_wait(). */
int chroot_exec(const char *root, char *const *argv, int out_fd, int *ret_status);

/* Runs ARGV (PATH searched) in a private mount namespace, without chroot: whatever it mounts (debootstrap
 * mounts /proc in its target) dies with it, even if it is killed before it can unmount. */
int private_mount_ns_exec(char *const *argv, int out_fd, int *ret_status);
