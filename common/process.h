/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <sys/types.h>

/* fork/exec/wait for programs that run helpers (cp, debootstrap, ...) and must clean up when the user
 * interrupts them. */

/* Installs SIGINT/SIGTERM/SIGHUP handlers that only record the signal (no SA_RESTART, so a blocking
 * wait returns and the caller can clean up). */
int process_catch_signals(void);
/* The first signal caught, or 0. */
int process_interrupted(void);

/* Waits for PID. If a signal is caught meanwhile, sends it SIGTERM, reaps it and returns -EINTR.
 * *ret_status: the exit code, or 128 + signal number if it was killed. */
int process_wait(pid_t pid, int *ret_status);

/* Runs ARGV (PATH is searched) with stdin from /dev/null and stdout and stderr to OUT_FD (or the
 * caller's when OUT_FD < 0), and waits for it. */
int process_run(char *const *argv, int out_fd, int *ret_status);
/* Like process_run(), but lets the child finish even after a signal was caught: for cleaning up. */
int process_run_to_end(char *const *argv, int out_fd, int *ret_status);

/* Runs PATH (no PATH search, an empty environment) with ARGV, INPUT on its stdin and stdout and stderr
 * to OUT_FD (or the caller's when OUT_FD < 0), and waits for it to end, even after a signal. */
int process_run_input(const char *path, char *const *argv, const char *input, int out_fd, int *ret_status);

/* In a freshly forked child: stdin from /dev/null, stdout/stderr to OUT_FD (if >= 0), default
 * signal handlers. Returns negative errno; the child should then _exit(). */
int process_child_setup(int out_fd);

/* Remembers where argv's strings live (call first thing in main) so that process_title_set() can
 * overwrite them: what ps and /proc/PID/cmdline show for a long-lived process that never execs. */
void process_title_init(int argc, char **argv);
void process_title_set(const char *title);

/* rm -rf --one-file-system P, run to its end even while we are being interrupted. */
int remove_tree(const char *p);

/* Runs ARGV (PATH is searched) with our stdin, stdout and stderr, e.g. an editor, and waits. */
int process_run_interactive(char *const *argv, int *ret_status);

/* Runs FN(USERDATA) in a child that has become UID/GID for good, with USER's supplementary groups
 * (initgroups) when USER is given and none otherwise, and waits for it: for root working in a
 * user's files, where nothing the user planted may steer root. 0 when FN returned >= 0, -EIO when it
 * failed or the child could not become the user (it logs why), negative errno when forking or
 * waiting fails. */
int run_as_user(uid_t uid, gid_t gid, const char *user, int (*fn)(void *userdata), void *userdata);
