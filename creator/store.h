/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/statfs.h>

#include "resource-limits.h"

/* make-app-container store (issue 12, shared disk on every file system): on a file system whose
 * copies cost a full copy (ext4), the app containers and the cache move to an XFS file system in a
 * sparse image file, STATE_DIR/machines.img, mounted on MACHINES_DIR at every boot by a mount unit,
 * with the cache bound from MACHINES_DIR/.app-container-cache on CACHE_DIR. Nothing else changes:
 * create, rebuild, ++aptupdate's snapshot and ++rollback copy with cp --reflink=auto, which on XFS
 * shares the blocks of the copied tree; nspawn's idmapped rootfs, ephemeral runs, machinectl and a
 * plain systemd-nspawn -D work on XFS as on ext4. */

#define STORE_IMAGE_NAME "machines.img"
#define STORE_IMAGE STATE_DIR "/" STORE_IMAGE_NAME
/* The first line of the unit files a store writes: a unit file without it is not ours to replace. */
#define STORE_UNIT_MARK "# Made by make-app-container store (man make-app-container).\n"

typedef enum StoreUnit {
        STORE_UNIT_MACHINES, /* the image on MACHINES_DIR */
        STORE_UNIT_CACHE, /* the store's cache directory bound on CACHE_DIR */
} StoreUnit;

/* XFS or btrfs: cp --reflink shares extents there (and both take idmapped mounts). */
bool fs_shares_extents(const struct statfs *sfs);

/* The name and text of the mount unit WHICH, the image being IMAGE. */
int store_unit_text(StoreUnit which, const char *image, char **ret_name, char **ret_text);

/* The image's size: WANT bytes, or WANT percent of FREE_BYTES; a multiple of 4096. -ENOSPC below
 * 2 GiB. */
int store_size(const LimitValue *want, uint64_t free_bytes, uint64_t *ret);

/* The verb: checks, makes the image (SIZE_ARG: --size, NULL for half the free space) and its file
 * system, writes, enables and starts the two mount units; undoes what it made when a step fails.
 * DRY_RUN: prints the plan. Logs its errors. */
int command_store(const char *size_arg, bool dry_run);
