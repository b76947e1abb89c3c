/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

typedef struct ExecParams {
        pid_t leader; /* the container's init, host pid */
        uid_t uid;
        gid_t gid;
        const char *user;
        char *const *argv;
        char *const *env; /* KEY=VALUE added to HOME, USER, LOGNAME, SHELL, PATH */
        bool detach; /* don't wait: own session, /dev/null for stdio (a window manager) */
} ExecParams;

/* Enters the container of LEADER (setns into its pid namespace, fork, the child setns into the
 * rest), drops to the user and execs ARGV there. The caller's stdin/stdout/stderr are the app's.
 * The parent ignores SIGINT/SIGQUIT (the terminal delivers them to the app), forwards SIGTERM,
 * SIGHUP, SIGUSR1 and SIGUSR2, and waits. *ret_status is the exit status to exit with: the app's,
 * or 128+signal. With DETACH the app gets a session of its own and the container's /dev/null for
 * stdin, stdout and stderr, and exec_app() returns at once with *ret_status 0; when the launcher
 * exits, the container's init reaps it, and it dies with the container's pid namespace. */
int exec_app(const ExecParams *p, int *ret_status);

/* Exit status in the style of a shell for a wait status. */
int exit_status_from_wait(int status);
