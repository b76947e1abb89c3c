/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "caller.h"

/* What the user's checks opened is what nspawn mounts. A bind source or socket is opened as the
 * caller (validate.h), checked through that fd, and that very inode is mounted (open_tree +
 * move_mount) on a root-owned staging path STAGE_DIR/KEY (STAGE_DIR: RUN_DIR/NAME/binds, 0700,
 * root's). nspawn gets the staging path: nothing the user renames, swaps or links in their own
 * directories afterwards changes what the container sees, and systemd and nspawn never see a
 * path the user wrote. The staging mounts are dropped again once the container has its own
 * (bind_stage_clear()). */

/* Makes STAGE_DIR (root's, 0700) and drops what an earlier launcher left in it. */
int bind_stage_prepare(const char *stage_dir);

/* Mounts the file or directory of FD on STAGE_DIR/KEY; *ret_path is that path. */
int bind_stage_fd(const char *stage_dir, const char *key, int fd, char **ret_path);

/* Unmounts (detached) and removes everything in STAGE_DIR, then STAGE_DIR. */
int bind_stage_clear(const char *stage_dir);
