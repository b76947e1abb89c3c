/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/* The instance count of a container lives in the kernel's flock table, so a SIGKILLed launcher
 * can never leak a reference:
 *   DIR/NAME.lock  LOCK_EX around every start/stop transition (the mutex);
 *   DIR/NAME.ref   LOCK_SH held by each running instance for as long as it runs.
 * At exit an instance takes the mutex, drops its shared lock and tries LOCK_EX|LOCK_NB on a fresh
 * descriptor of NAME.ref: success means no other instance holds it, so it is the last one. */

/* Creates DIR (root-owned 0755 when run as root) if missing. */
int refcount_dir_ensure(const char *dir);

/* Blocks until the mutex of NAME is ours; the returned fd holds it until closed. As root the
 * lock files are created (O_NOFOLLOW, in root's DIR) owned by OWNER with mode 0600: only OWNER
 * and root can open them. As a user they are opened read-only (and never created). */
int refcount_mutex_lock(const char *dir, const char *name, uid_t owner, int *ret_fd);

/* Takes this instance's shared reference; the returned fd holds it until closed. */
int refcount_hold(const char *dir, const char *name, uid_t owner, int *ret_fd);

/* Closes *ref_fd (dropping our reference) and reports whether no instance is left: 1 if we
 * were the last, 0 if others still run. Call with the mutex held. */
int refcount_release(const char *dir, const char *name, uid_t owner, int *ref_fd);

/* How many instances currently hold NAME.ref (counted from /proc/locks); 0 if the file is missing. */
int refcount_count(const char *dir, const char *name);
