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

/* A whole regular file (at most READ_FILE_MAX), NUL-terminated, never through a symlink at its last
 * component: for root reading a file in a user's directory. */
int read_file_nofollow(const char *path, char **ret);
