/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "creator-argv.h"

/* make-app-container's main(): parses the command line and runs the verb (create, rebuild, list,
 * remove, edit, show-recipe); returns the exit status. */
int creator_main(int argc, char *argv[]);

/* --script-dir, or the invoking user's ~/.local/bin; logs and returns negative errno. */
int script_dir_of(const CreatorArgs *a, char **ret);
