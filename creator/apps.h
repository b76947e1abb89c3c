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

/* Runs FN as root with the fs ids (uid, gid, groups) of sudo's user, when root runs for one: what
 * is in the user's directories is read with the user's rights, never root's. Plain FN otherwise. */
int as_invoker(int (*fn)(void *userdata), void *userdata);

/* Loads NAME's conf (as_invoker) from SCRIPT_DIR. -ENOENT: no such app; -EINVAL: a broken conf, with
 * "file:line: message" in *ret_error. */
int app_load(const char *script_dir, const char *name, App *ret, char **ret_error);

/* Opens DIR for root to remove or replace because NAME's conf names it: only what create made for
 * NAME, never a path the conf could point anywhere. A direct child of MACHINES_DIR reached without
 * symlinks, root-owned, with root's recipe naming NAME inside and USER with UID in its passwd
 * (host/validate.h); UID must be sudo's user's. The fds of
 * MACHINES_DIR and DIR, or negative errno with the reason in *ret_why (one line, malloc'd). */
int rootfs_open_ours(const char *dir, const char *name, const char *user, uid_t uid, int *ret_parent_fd,
        int *ret_fd, char **ret_why);

/* Bytes used by the tree at PATH on its file system: st_blocks, hard links counted once, other
 * file systems not entered. *ret_complete is false when a part could not be read. RET_SHARED (may
 * be NULL): the part of *RET in extents the file system shares with other files (cp --reflink on
 * XFS and btrfs: make-app-container store), which removing the tree would not free. */
int disk_usage(const char *path, uint64_t *ret, uint64_t *ret_shared, bool *ret_complete);

/* The bytes of the open file FD in extents its file system shares with other files (FIEMAP). */
int file_shared_bytes(int fd, uint64_t *ret);

/* "1.2 GiB" and the like. */
void format_bytes(uint64_t bytes, char buf[static 16]);
