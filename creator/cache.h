/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "sha256.h"

/* Bumped whenever what a base contains changes for the same inputs (e.g. the --include list). */
#define BASE_FORMAT_VERSION 3 /* 3: a core (debootstrap) and a layer (apt) over a copy of it */

/* The cache has two layers (CACHEDIR/cores, CACHEDIR/layers): a core is the debootstrapped minimal
 * system (debootstrap.h's BASE_INCLUDE) of one distro, arch, variant and mirror, shared by every app
 * of that distro; a layer is a copy of a core with an app's packages and .deb files installed by apt.
 * A layer's key names its core by key and stamp (a core made again is another core: its layers are
 * made again on it, the apps made from the old one stay as they are until rebuilt). */
typedef enum CacheKind {
        CACHE_CORE,
        CACHE_LAYER,
        _CACHE_KIND_MAX,
} CacheKind;

/* Everything a debootstrapped base depends on. The cache key is the sha256 of its canonical text. */
typedef struct BaseInputs {
        const char *suite;
        const char *arch;
        const char *variant;
        const char *mirror;
        const char *bootstrapper; /* what made the core: "mmdebstrap", "debootstrap"; NULL: not said */
        char *const *packages; /* any order, duplicates allowed: the text sorts and dedups */
        char *const *deb_hashes; /* sha256 hex of each .deb, in the order given */
        const char *core_key; /* the layer's core, and the stamp of that core (the time it was made) */
        const char *core_stamp;
} BaseInputs;

/* The core's inputs: format, suite, arch, variant, mirror, bootstrapper (stored as
 * CACHEDIR/cores/KEY.inputs). */
int core_inputs_format(const BaseInputs *in, char **ret);
/* The whole base: the core's text, then "core KEY STAMP" (when core_key is set), the packages and
 * the .deb hashes (CACHEDIR/layers/KEY.inputs, and the recipe's record of the base). */
int base_inputs_format(const BaseInputs *in, char **ret);
void base_key(const char *inputs_text, char ret[SHA256_HEX_SIZE]);
/* Whether the base is more than its core: packages or .deb files to install. */
bool base_has_layer(const BaseInputs *in);

/* sha256 of each file, in order. */
int debs_hash(char *const *debs, char ***ret);
/* The same of N open .deb files, each read from its start: what root hashes is what it copies. */
int debs_hash_fds(const int *fds, size_t n, char ***ret);

/* "cores" or "layers" */
const char *cache_kind_dir(CacheKind kind);
/* CACHEDIR/{cores,layers}/KEY followed by SUFFIX ("" for the rootfs, ".tmp", ".inputs", ".lock"). */
int cache_path(const char *cache_dir, CacheKind kind, const char *key, const char *suffix, char **ret);
/* CACHEDIR/archives: the .deb files every debootstrap and apt run of the creator shares. */
int cache_archives_path(const char *cache_dir, char **ret);

/* A cache entry name: 64 lower-case hex digits. */
bool cache_key_is_valid(const char *s);

/* Makes CACHEDIR (and its cores, layers and archives directories) root's, mode 0755, and checks that
 * nobody but root can change anything on the way: each directory from / down to CACHEDIR is
 * root-owned, reached without a symlink, and not writable by group or others unless sticky (a sticky
 * root directory, like /var/tmp, lets no one else rename or remove root's entries in it). -EPERM
 * with the reason in *ret_why otherwise. */
int cache_dir_prepare(const char *cache_dir, char **ret_why);

/* The lock protocol of a cache entry (KEY.lock, flock): a create holds LOCK_SH on each entry it uses
 * for as long as it uses it, and LOCK_EX while it builds one; gc removes an entry only under
 * LOCK_EX|LOCK_NB. The lock file may be unlinked by gc: a lock taken on a file that is no longer
 * the one at PATH is taken again. Returns the locked fd; -EWOULDBLOCK with NONBLOCK when held. */
int cache_lock(const char *lock_path, int operation, bool nonblock);
