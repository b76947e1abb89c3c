/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "bind.h"
#include "caller.h"

/* NAME.conf is editable by the user; as root the launcher checks what it would otherwise trust. */

/* root's copy of the recipe inside a rootfs (creator/recipe.h's RECIPE_IN_ROOTFS) */
#define RECIPE_IN_ROOTFS_PATH "var/lib/app-container/recipe"

/* The rootfs must be a directory directly in MACHINES_DIR without symlinks in its path, root-owned
 * and not writable by group or others all the way up, not the host's root, made by
 * make-app-container (root's recipe inside; for any app: one user's launchers may share a rootfs),
 * and its /etc/passwd must list USER with UID. On failure *ret_why says what is wrong in one line
 * (malloc'd). */
int validate_rootfs(const char *directory, const char *user, uid_t uid, char **ret_why);

/* Opens DIRECTORY, which must be a direct child of MACHINES_DIR (absolute, normalized), with no
 * symlink anywhere on the way: *ret_parent_fd (MACHINES_DIR; may be NULL) and *ret_fd (the
 * directory). What is then checked and used through these fds cannot be swapped. */
int rootfs_open(
        const char *machines_dir, const char *directory, int *ret_parent_fd, int *ret_fd, char **ret_why);

/* FD (the rootfs DIRECTORY) is a root file system make-app-container made for the app NAME (NULL:
 * for any app): a
 * root-owned directory not writable by group or others, holding root's recipe (a regular file of
 * root's, not writable by others, reached without symlinks) whose "name" is NAME. */
int rootfs_verify_made_for(int fd, const char *directory, const char *name, char **ret_why);

/* DIRECTORY's etc/passwd (resolved inside it) lists USER with UID. */
int rootfs_verify_user(const char *directory, const char *user, uid_t uid, char **ret_why);

/* Each bind source must be a regular file or directory accessible to the caller (opened and checked
 * with the caller's fs ids): readable, and writable when bound read-write. Each destination must be
 * bind_destination_allowed() and, inside ROOTFS (symlinks refused), new, an empty directory or (below
 * the home) the user's own. Optional (named) binds whose source is missing are removed
 * from the array, except `cache` directories, which are created as the caller. With STAGE_DIR
 * (bind_stage_prepare()d), each source becomes the staging path of the very inode checked
 * (bind-stage.h). */
int validate_binds(const Caller *c, const char *rootfs, const char *stage_dir, BindMount *binds,
        size_t *n_binds, char **ret_why);

/* A unix socket at PATH that the caller can connect to and that is the caller's own (or root's):
 * -EINVAL (a path systemd or nspawn would reinterpret), -ENOTSOCK, -EPERM (another user's), or
 * what opening it as the caller said. RET_FD (may be NULL): the O_PATH fd of that socket. */
int socket_check_as_caller(const Caller *c, const char *path, int *ret_fd);

/* openat2(O_PATH) of PATH as the caller, symlinks followed with the caller's rights. */
int open_path_as_caller(const Caller *c, const char *path, int *ret_fd);
/* faccessat2(FD, "", MODE, AT_EMPTY_PATH) as the caller: their rights on that very inode. */
int fd_access_as_caller(const Caller *c, int fd, int mode);

/* access(2) as the caller: faccessat2(AT_EACCESS) under the caller's fs ids. */
int access_as_caller(const Caller *c, const char *path, int mode);

/* open(2) of a regular file for reading, as the caller (their fs ids), plus FLAGS (O_NOFOLLOW, ...);
 * never blocks on a FIFO. An fd or negative errno (-EBADF: no regular file). */
int open_as_caller(const Caller *c, const char *path, int flags);

/* Reads a whole file (at most 1 MiB) as the caller. */
int read_file_as_caller(const Caller *c, const char *path, char **ret, size_t *ret_size);

/* Reads ROOT/PATH with every symlink resolved inside ROOT (openat2 RESOLVE_IN_ROOT), as root. */
int read_file_in_root(const char *root, const char *path, char **ret);
/* The same, for binary files: *ret_size bytes (and a NUL after them). */
int read_file_in_root_sized(const char *root, const char *path, char **ret, size_t *ret_size);
/* open(2) of ROOT/PATH resolved the same way; an fd or negative errno. */
int open_in_root(const char *root, const char *path, int flags);

/* mkdir -p PATH as the caller (owned by the caller, 0700 for the new components). */
int mkdir_p_as_caller(const Caller *c, const char *path);
