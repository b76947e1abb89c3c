/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>

#include "app-config.h"

/* An app container as its script dir records it: the launcher NAME and NAME.conf beside it. */
typedef struct App {
        char *name;
        char *launcher;
        char *conf_path;
        AppConfig config;
} App;

void app_done(App *a);

/* The script dir when none is given: the invoking user's ~/.local/bin (the one behind sudo). */
int script_dir_default(char **ret);

/* Loads NAME's conf from SCRIPT_DIR. -ENOENT: no such app; -EINVAL: a broken conf, with
 * "file:line: message" in *ret_error. */
int app_load(const char *script_dir, const char *name, App *ret, char **ret_error);

/* Whether root may remove or replace DIR because a conf names it: only what create makes, never a
 * path the conf could point anywhere. Absolute, normalized, not /, not holding SCRIPT_DIR (when
 * given), a root-owned directory (no symlink). 0, or -EINVAL/-EPERM/negative errno. */
int rootfs_removable(const char *dir, const char *script_dir);

/* Bytes used by the tree at PATH on its file system: st_blocks, hard links counted once, other
 * file systems not entered. *ret_complete is false when a part could not be read. */
int disk_usage(const char *path, uint64_t *ret, bool *ret_complete);

/* "1.2 GiB" and the like. */
void format_bytes(uint64_t bytes, char buf[static 16]);
