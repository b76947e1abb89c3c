/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "dry-run-actions.h"

/* Finds the launcher binary to link: EXPLICIT if given, else APPCTL_PATH, else (when running from the
 * build tree) dirname(/proc/self/exe)/../launcher/appctl. -ENOENT if none exists. */
int appctl_find(const char *explicit, char **ret);

/* Checks that DEST in the directory DFD (AT_FDCWD: a path) is free, never following it: 0 if it does
 * not exist, 1 if it is already a hard link of APPCTL (a re-create), -EEXIST if it is something else. */
int launcher_check(const char *appctl, int dfd, const char *dest);

/* 1 if PATH is one of our launchers: a hard link of APPCTL, or a copy (root-owned, not writable by
 * others, an ELF file) such as launcher_install() makes; 0 if it is something else. */
int launcher_is_ours(const char *appctl, const char *path);

/* Hard links APPCTL to DEST, whose directory is open as DFD (script-dir.h); where that is
 * impossible (another file system) installs a root-owned 0755 copy. *ret_copied tells which. */
int launcher_install(Actions *a, const char *appctl, int dfd, const char *dest, bool *ret_copied);
