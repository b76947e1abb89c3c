/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <sys/types.h>

/* The one place that forks, waits and turns a wait status into an exit code: for programs that run
 * helpers (cp, debootstrap, ...) and must clean up when the user interrupts them, and for the
 * launcher's children (the app, the agent's requests). */

/* Installs SIGINT/SIGTERM/SIGHUP handlers that only record the signal (no SA_RESTART, so a blocking
 * wait returns and the caller can clean up). */
int process_catch_signals(void);
/* The first signal caught, or 0. */
int process_interrupted(void);

/* The one conversion of a wait status (waitpid()) to an exit code, as a shell shows it: the exit
 * status, or 128 + the signal number if the process was killed (255 for anything else). */
int wait_status_to_exit_code(int wait_status);

/* Forks (stdio flushed first, so that nothing buffered is written twice) and runs FN(USERDATA) in the
 * child, which then _exit()s with what FN returned: an exit code when >= 0; for a negative errno (FN
 * failed, e.g. its exec did), 127 for -ENOENT and 126 otherwise, as a shell does for a command not
 * found or not executable; the child never returns into the caller's code. *ret_pid: the child's pid,
 * for one of the waits below. */
int process_fork(int (*fn)(void *userdata), void *userdata, pid_t *ret_pid);

/* Waits for PID until it has ended, whatever signals arrive (EINTR is retried). *ret_wait_status:
 * the raw wait status, to pass on (the agent) or for wait_status_to_exit_code(). */
int process_wait_status(pid_t pid, int *ret_wait_status);

/* Waits for PID. If a signal is caught meanwhile (process_catch_signals()), sends it SIGTERM, reaps
 * it and returns -EINTR. *ret_status: its exit code (wait_status_to_exit_code()). */
int process_wait(pid_t pid, int *ret_status);
/* Like process_wait(), but lets the child finish even after a signal was caught: for cleaning up, or
 * for a child that gets the terminal's signals itself (an editor). */
int process_wait_to_end(pid_t pid, int *ret_status);

/* process_fork() of FN, then process_wait(): the exit code in *ret_status. */
int process_fork_and_wait(int (*fn)(void *userdata), void *userdata, int *ret_status);

/* Runs ARGV (PATH is searched) with stdin from /dev/null and stdout and stderr to OUT_FD (or the
 * caller's when OUT_FD < 0), and waits for it (process_wait()). */
int process_run(char *const *argv, int out_fd, int *ret_status);
/* Like process_run(), but lets the child finish even after a signal was caught: for cleaning up. */
int process_run_to_end(char *const *argv, int out_fd, int *ret_status);

/* Runs PATH (no PATH search, an empty environment) with ARGV, INPUT on its stdin and stdout and stderr
 * to OUT_FD (or the caller's when OUT_FD < 0), and waits for it to end, even after a signal. */
int process_run_input(const char *path, char *const *argv, const char *input, int out_fd, int *ret_status);

/* In a freshly forked child: stdin from /dev/null, stdout/stderr to OUT_FD (if >= 0), default
 * signal handlers. Returns negative errno; the child's function then returns (process_fork()). */
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
