/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Runs ARGV chrooted into ROOT with /proc, /dev (bind) and /sys mounted, inside a private mount
 * namespace of a forked child: the mounts vanish with it and never show up in the host's mount
 * table. Output goes to OUT_FD (the caller's stderr if < 0). *ret_status as process_wait(). */
int chroot_exec(const char *root, char *const *argv, int out_fd, int *ret_status);
