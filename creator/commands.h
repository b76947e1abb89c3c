/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "macro.h"

/* The verbs besides create. Each logs its errors and returns negative errno. */
int command_list(const char *script_dir);
int command_remove(const char *script_dir, const char *name, bool purge, bool yes);
int command_edit(const char *script_dir, const char *name);
int command_show_recipe(const char *script_dir, const char *name);
/* Removes the cache entries (cores, layers) no root file system in MACHINES_DIR was made from and
 * that no create holds, and the archives none of the kept entries has installed (with MAX_AGE_DAYS
 * >= 0 also those older); prints each and what it frees. DRY_RUN: only prints. */
int command_gc(const char *cache_dir, bool dry_run, int max_age_days);

/* "Question? [y/N] " on the terminal; true only for y or yes. */
bool ask_yes_no(const char *format, ...) _printf_(1, 2);
