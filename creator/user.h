/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/* Who ran us: the user behind sudo when we are root through sudo, else our real uid. */
typedef struct Invoker {
        char *name;
        uid_t uid;
        gid_t gid;
        char *home;
} Invoker;

/* The user the container gets. */
typedef struct UserSpec {
        char *name;
        uid_t uid;
        gid_t gid;
        char **host_groups; /* names of the host user's supplementary groups (not the primary one) */
} UserSpec;

void invoker_done(Invoker *i);
void user_spec_done(UserSpec *u);

int invoker_get(Invoker *ret);

/* Combines --user/--uid/--gid (NULL / -1 when not given) with the host's user database and the
 * invoker. On a user error returns -EINVAL with a one-line message in *ret_error (malloc'd). */
int user_spec_resolve(
        const char *user, uid_t uid, gid_t gid, const Invoker *inv, UserSpec *ret, char **ret_error);

/* In a group(5) file: 1 if GID is taken, 0 if not, -errno if the file cannot be read. */
int group_file_has_gid(const char *path, gid_t gid);
/* Those of NAMES that are groups in the group(5) file at PATH (none if it cannot be read). */
int group_file_filter(const char *path, char *const *names, char ***ret);

/* groupadd/useradd command lines for chroot_exec(). GROUPS may be NULL. */
int groupadd_argv(const UserSpec *u, char ***ret);
int useradd_argv(const UserSpec *u, char *const *groups, char ***ret);
