/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "config.h"

/* A uid/gid range of an app's own, for the containers --private-users=pick cannot serve: an
 * ephemeral one (its root is an idmapped mount root makes before the start, so the shift must be
 * known before it), a nested one (its sub-ids live inside its own range) and one whose user's uid
 * or gid is 65536 or more (pick gives 65536 ids). Container uid X is host uid START+X.
 *
 * The ranges come from the host ids systemd allocates none of (systemd.io/UIDS-GIDS: nspawn's pick
 * range ends at 0x6FFFFFFF, the foreign range starts at 0x7FFE0000), in slots of 65536, and are
 * recorded per machine name in UID_RANGE_REGISTRY, a root-owned file of "START SIZE NAME" lines in
 * root's directory, rewritten (a new file renamed over it) under the flock of UID_RANGE_LOCK, so no
 * two apps ever share an id; a name keeps its range until `make-app-container remove --purge`. */
#define UID_RANGE_DIR STATE_DIR
#define UID_RANGE_REGISTRY UID_RANGE_DIR "/uid-ranges"
#define UID_RANGE_LOCK UID_RANGE_DIR "/uid-ranges.lock"
/* STATE_DIR opened as a directory fd, made 0755 first when CREATE: root's and writable by nobody
 * else (-EPERM otherwise), since what is in it (the registry, the store's image) decides what every
 * container gets. -ENOENT without CREATE when it is not there. */
int state_dir_open(bool create);
#define UID_RANGE_FIRST 0x70000000u
#define UID_RANGE_END 0x7FFE0000u
#define UID_RANGE_SLOT 65536u

/* The container-relative first sub-id of --nested: the first slot past 0..65535 and the user's
 * uid and gid (65536 sub-ids from there, inside the container's range). */
uint32_t nested_subid_start(uid_t uid, gid_t gid);

/* The ids the container of UID/GID needs: 0..65535, the user's uid and gid, and (NESTED) the
 * sub-ids after them. -ERANGE when that is more than the region holds. */
int uid_range_size(uid_t uid, gid_t gid, bool nested, uint32_t *ret_size);

/* Pure: NAME's range of at least SIZE ids given REGISTRY's lines (any text, NULL: empty).
 * NAME's own line when it is big enough (*ret_new false); else the first slot-aligned free range
 * in the region (*ret_new true; *ret_text is the registry with NAME's line replaced). -ENOSPC when
 * the region is full. */
int uid_range_pick(const char *registry, const char *name, uint32_t size, uint32_t *ret_start, bool *ret_new,
        char **ret_text);

/* Pure: REGISTRY without NAME's line, in *ret_text; 0 if it had none, 1 if removed. */
int uid_range_drop(const char *registry, const char *name, char **ret_text);

/* As root: NAME's range of at least SIZE ids, allocated and recorded under the lock if new. */
int uid_range_get(const char *name, uint32_t size, uint32_t *ret_start);

/* As root: NAME's range freed (remove --purge). 0 if it had none. */
int uid_range_free(const char *name);

/* As anyone (++dry-run, ++status): NAME's recorded range, -ENOENT if none. */
int uid_range_lookup(const char *name, uint32_t *ret_start, uint32_t *ret_size);
