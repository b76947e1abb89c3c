/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The apps of a script dir: the names with a launcher (a regular file) and a NAME.conf that starts
 * with CONFIG_MARKER, sorted. No such directory: none. For make-app-container list and
 * NAME ++aptupdateall. */
int apps_list(const char *script_dir, char ***ret);
