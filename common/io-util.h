/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* One read(2), retried when a signal interrupts it: the byte count (0 at the end) or negative errno. */
ssize_t read_retry(int fd, void *buf, size_t size);

/* Writes all SIZE bytes, retrying short and interrupted writes. Returns 0 or negative errno. */
int write_all(int fd, const void *buf, size_t size);

/* 0 if FD is a regular file, -EBADF if it is anything else (a FIFO, a device: never to be read
 * by root on someone's behalf), negative errno if fstat fails. */
int fd_verify_regular(int fd);

/* The most any whole file root reads for a user may hold (NAME.conf, a recipe, a container's passwd or
 * group): they are a few KiB; a bigger one is not what it claims to be and would only cost memory. */
#define READ_FILE_MAX (1024 * 1024)

/* Everything FD has to give, NUL-terminated (at most MAX bytes: -EFBIG beyond). */
int read_fd_all(int fd, size_t max, char **ret, size_t *ret_size);

/* NAME in DIR_FD (AT_FDCWD: a path) replaced by the SIZE bytes of DATA whole: written to a new file
 * of an unpredictable name beside it (.BASE.XXXXXXXXXXXX, created with O_EXCL, never through a
 * symlink), given UID and GID unless they are -1, then mode MODE (whatever the umask), fsync'd and
 * renamed over NAME. On failure NAME is as it was and the new file gone. Readers see the old file or
 * the new one, never a part. */
int write_file_atomic_at(
        int dir_fd, const char *name, const void *data, size_t size, mode_t mode, uid_t uid, gid_t gid);

/* PATH, a directory opened without following a symlink at its end, as an fd; -EPERM unless it is
 * root's and has none of the mode bits FORBIDDEN (022: nobody else writes there, 077: nobody else
 * looks in either). For the directories root keeps its own state in. */
int root_dir_open(const char *path, mode_t forbidden);

/* 1 if NAME in DIR_FD (AT_FDCWD: a path) is the root of a mount, even a bind mount of the same file
 * system (same st_dev); 0 if not; -EOPNOTSUPP when the kernel does not say (before 5.8), negative
 * errno when it cannot be looked at (-ENOENT: not there). */
int path_is_mount_root_at(int dir_fd, const char *name);

/* A whole regular file (at most READ_FILE_MAX), NUL-terminated, never through a symlink at its last
 * component: for root reading a file in a user's directory. */
int read_file_nofollow(const char *path, char **ret);
