/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "agent.h"
#include "privilege.h"

typedef struct ExecParams {
        pid_t leader; /* the container's init, host pid */
        int leader_pidfd; /* a pidfd of LEADER (machine_open_leader()): what is entered */
        uid_t uid;
        gid_t gid;
        const char *user;
        char *const *argv;
        char *const *env; /* KEY=VALUE added to HOME, USER, LOGNAME, SHELL, PATH */
        bool detach; /* don't wait for the app (a window manager) */
        bool userns; /* the conf's userns = true: the filter lets the app make user namespaces */
        bool nested; /* privilege_drop()'s NESTED; implies USERNS */
        bool userns_expected; /* this appctl starts the container in a user namespace of its own */
        bool agent; /* with DETACH: serve AGENT_FD (agent_serve()) instead of exec of ARGV */
        int agent_fd;
        const AgentToken *agent_token; /* with AGENT: what each request must start with */
        const Caller *caller; /* the app's supplementary groups are limited to the caller's */
} ExecParams;

/* Enters the container of LEADER through its pidfd (setns into its pid namespace, fork, the child
 * setns into the rest; its /proc/PID/root only while the pidfd says it is alive), drops to the user and
 * execs ARGV there. The caller's stdin/stdout/stderr are the app's. The app leads a session of its own (no
 * controlling terminal: TIOCSTI cannot type into the caller's shell) under the system call filter
 * (syscall-filter.h). The parent forwards SIGINT and SIGQUIT (what the terminal sends) to the app's process
 * group, SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 to the app, and waits. *ret_status is the exit status to exit
 * with: the app's, or 128+signal. With DETACH the app is orphaned inside the container (its init adopts it)
 * with a session of its own and the container's /dev/null for stdin, stdout and stderr; *ret_status is 0
 * once it is on its way to exec, non-zero when entering the container or dropping to the user failed. It
 * dies with the container's pid namespace. */
int exec_app(const ExecParams *p, int *ret_status);
