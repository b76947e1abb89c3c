/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

/* The app's system call filter, on top of nspawn's (which lets root in the container do more than
 * the app ever needs). Installed once, in the process that becomes the app or the agent: the agent's
 * children inherit it, so the cold and the warm path run their apps under the same filter. What it
 * refuses and why: launcher/syscall-filter.c and SECURITY.md.
 *
 * The filter is loaded without setting no_new_privs itself: the caller is still root (loading a
 * filter needs CAP_SYS_ADMIN or no_new_privs), and nested apps must keep no_new_privs off for the
 * file capabilities of newuidmap and newgidmap. Returns 0 or a negative errno; on failure part of
 * the filter may be loaded, and the caller must not run the app. */
typedef enum SyscallFilterMode {
        SYSCALL_FILTER_APP, /* every app */
        /* userns = true: unshare() and clone() may make user namespaces, and the mount calls and
         * chroot work in them (apps that sandbox themselves: Chromium, Electron, Firefox); all
         * else as for every app */
        SYSCALL_FILTER_USERNS,
        /* nested = true: as USERNS, and the keyring calls answer ENOSYS (rootless podman, crun) */
        SYSCALL_FILTER_NESTED,
        _SYSCALL_FILTER_MAX,
} SyscallFilterMode;

/* The mode for an app's conf: nested = true implies userns. */
SyscallFilterMode syscall_filter_mode(bool userns, bool nested);

/* For ++show: what MODE allows beyond every app's filter. */
const char *syscall_filter_mode_to_string(SyscallFilterMode mode);

int syscall_filter_install(SyscallFilterMode mode);
