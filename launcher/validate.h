/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

#include "bind.h"
#include "privilege.h"

/* NAME.conf is editable by the user; as root the launcher checks what it would otherwise trust. */

/* The rootfs must be a directory without symlinks in its path, root-owned and not writable by
 * group or others all the way up, not the host's root, and its /etc/passwd must list USER with
 * UID. On failure *ret_why says what is wrong (malloc'd). */
int validate_rootfs(const char *directory, const char *user, uid_t uid, char **ret_why);

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
