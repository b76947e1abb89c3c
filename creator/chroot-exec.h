/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <sys/types.h>

/* Runs ARGV chrooted into ROOT with /proc, /dev (bind) and /sys mounted, inside a private mount
 * namespace of a forked child: the mounts vanish with it and never show up in the host's mount
 * table. With ARCHIVES (the shared archive cache, cache.h), that directory is bound over
 * ROOT/var/cache/apt/archives, so apt takes the .deb files it already has from there and leaves
 * there the ones it fetches. Output goes to OUT_FD (the caller's stderr if < 0). *ret_status as
 * process_wait(). */
int chroot_exec(const char *root, const char *archives, char *const *argv, int out_fd, int *ret_status);
/* The same, without the wait: the child's pid in *ret_pid, for a caller that reads OUT_FD first. */
int chroot_spawn(const char *root, const char *archives, char *const *argv, int out_fd, pid_t *ret_pid);

/* Runs ARGV (PATH searched) in a private mount namespace, without chroot: whatever it mounts (debootstrap
 * mounts /proc in its target) dies with it, even if it is killed before it can unmount. */
int private_mount_ns_exec(char *const *argv, int out_fd, int *ret_status);
int private_mount_ns_spawn(char *const *argv, int out_fd, pid_t *ret_pid);
