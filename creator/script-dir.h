/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "user.h"

/* The script dir (~/.local/bin) is the user's: root touches it only through the fd this returns.
 * CREATE: make it first (mkdir -p as the user). The path must have no symlink in it (openat2
 * RESOLVE_NO_SYMLINKS) and the directory must be owned by U. An fd, or negative errno after
 * logging one line. */
int script_dir_open(const char *path, const UserSpec *u, bool create);

/* Writes TEXT (mode 0644) to NAME in the script dir DFD as the user U, in a forked child with
 * their uid, gid and groups: a new file renamed over NAME, so a symlink there is replaced, never
 * followed, and the file is theirs without any chown by root. */
int script_dir_write_as_user(int dfd, const char *name, const char *text, const UserSpec *u);

/* Puts the launcher NAME into DFD: a hardlink of APPCTL, or, across file systems, a root-owned
 * copy. *ret_copied tells which. */
int script_dir_link_launcher(int dfd, const char *name, const char *appctl, bool *ret_copied);
