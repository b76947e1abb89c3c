/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "sha256.h"

/* Bumped whenever what a base contains changes for the same inputs (e.g. the --include list). */
#define BASE_FORMAT_VERSION 2 /* 2: packages from apt after debootstrap, not from --include */

/* Everything a debootstrapped base depends on. The cache key is the sha256 of its canonical text. */
typedef struct BaseInputs {
        const char *suite;
        const char *arch;
        const char *variant;
        const char *mirror;
        char *const *packages; /* any order, duplicates allowed: the text sorts and dedups */
        char *const *deb_hashes; /* sha256 hex of each .deb, in the order given */
} BaseInputs;

/* The canonical, human-readable text stored as CACHEDIR/bases/KEY.inputs. */
int base_inputs_format(const BaseInputs *in, char **ret);
void base_key(const char *inputs_text, char ret[SHA256_HEX_SIZE]);

/* sha256 of each file, in order. */
int debs_hash(char *const *debs, char ***ret);
/* The same of N open .deb files, each read from its start: what root hashes is what it copies. */
int debs_hash_fds(const int *fds, size_t n, char ***ret);

/* CACHEDIR/bases/KEY followed by SUFFIX ("" for the rootfs, ".tmp", ".inputs", ".lock"). */
int base_path(const char *cache_dir, const char *key, const char *suffix, char **ret);
