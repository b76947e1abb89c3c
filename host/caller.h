/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The user the privileged half acts for. */
typedef struct Caller {
        uid_t uid;
        gid_t gid;
        char *user; /* the host's name for uid */
        char *home; /* the host's home of uid; the same path inside the container */
        gid_t *groups;
        size_t n_groups;
} Caller;

void caller_done(Caller *c);

/* Whether GID is the caller's primary gid or one of their supplementary groups on the host. */
bool caller_has_group(const Caller *c, gid_t gid);

/* Keeps in GROUPS (in place, order kept) only the caller's own groups on the host: the container's
 * /etc/group must not hand the app a group (disk, shadow, docker, ...) its user does not have. */
void caller_filter_groups(const Caller *c, gid_t *groups, size_t *n_groups);

/* As root: who asked? SUDO_UID/SUDO_GID (sudo), PKEXEC_UID (pkexec), else the conf's uid (root
 * itself ran the launcher). Fills in the host's name, home and groups for that uid. */
int caller_identify(uid_t conf_uid, Caller *ret);

/* File system ids switched to the caller (setfsuid/setfsgid + setgroups), so that every open and
 * access check is the caller's; restored by fs_ids_restore(). */
typedef struct FsIds {
        uid_t uid;
        gid_t gid;
        gid_t *groups;
        int n_groups;
        bool switched;
} FsIds;

int fs_ids_become(const Caller *c, FsIds *ret_saved);
int fs_ids_restore(FsIds *saved);
