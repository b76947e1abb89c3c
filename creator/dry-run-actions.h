/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "progress.h"

/* Every change the creator makes to the system goes through these, so that --dry-run can print
 * exactly what would happen (commands with each word shell-quoted, files with their content) and
 * change nothing. */
typedef struct Actions {
        bool dry_run;
        FILE *out; /* where --dry-run prints */
        int log_fd; /* output of the commands run; -1: our stderr */
        int last_status; /* exit status of the last failed command */
        const char *archives; /* action_chroot(): bound on ROOT/var/cache/apt/archives (chroot-exec.h) */
        Progress *progress; /* the commands' output read for the progress line (progress.h) */
        ProgressOutput progress_out;
} Actions;

/* The words of ARGV shell-quoted and joined by blanks. */
int command_line_format(char *const *argv, char **ret);

/* Runs ARGV; -EPROTO if it exits non-zero (status in a->last_status), -EINTR if we were interrupted. */
int action_run(Actions *a, char *const *argv);
/* Runs ARGV in a private mount namespace (see private_mount_ns_exec()). */
int action_run_private(Actions *a, char *const *argv);
/* Runs ARGV chrooted into ROOT (see chroot_exec()). */
int action_chroot(Actions *a, const char *root, char *const *argv);
/* Creates or replaces PATH with CONTENT, never following a symlink at PATH. */
int action_write_file(Actions *a, const char *path, const char *content, mode_t mode);
/* Creates or replaces the symlink PATH → TARGET. */
int action_symlink(Actions *a, const char *target, const char *path);
/* mkdir -p, with the directories it creates owned by UID:GID (unless -1). */
int action_mkdir_p(Actions *a, const char *path, mode_t mode, uid_t uid, gid_t gid);
int action_copy_file(Actions *a, const char *from, const char *to, mode_t mode);
/* The same from an open file IN (read from its start); FROM only names it in a dry run. */
int action_copy_fd(Actions *a, int in, const char *from, const char *to, mode_t mode);

/* Copies IN (from its start) into a new file NAME in DFD, created with O_EXCL|O_NOFOLLOW, MODE. */
int copy_fd_to_new_at(int in, int dfd, const char *name, mode_t mode);

/* The last LINES lines of what was written to FD (a log memfd), malloc'd. */
int log_tail(int fd, size_t lines, char **ret);
