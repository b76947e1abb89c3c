/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "agent.h"
#include "exec-app.h"
#include "group-file.h"
#include "idmap-mount.h"
#include "locale-fallback.h"
#include "log.h"
#include "macro.h"
#include "passwd-file.h"
#include "path-util.h"
#include "privilege.h"
#include "process.h"
#include "session-bus.h"
#include "show.h"
#include "syscall-filter.h"
#include "validate.h"

#define USER_PATH "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"

/* pid in the parent (it only affects children), the rest at once in the child */
#define CHILD_NAMESPACES (CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET | CLONE_NEWNS)

static volatile pid_t child_pid;

static void forward_signal(int sig) {
        int saved = errno;

        /* what a terminal sends goes to the app's process group (the app leads its own session;
         * before its setsid() there is no such group yet) */
        if (child_pid > 0 && (!(sig == SIGINT || sig == SIGQUIT) || kill(-child_pid, sig) < 0))
                kill(child_pid, sig);
        errno = saved;
}

static int pidfd_alive(int pidfd) {
        return syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) < 0 ? negative_errno() : 0;
}

static int build_env(const ExecParams *p, const char *home, const char *shell, char ***ret) {
        _cleanup_strv_free_ char **env = NULL;
        int r;

        r = strv_extendf(&env, "HOME=%s", home);
        if (r >= 0)
                r = strv_extendf(&env, "USER=%s", p->user);
        if (r >= 0)
                r = strv_extendf(&env, "LOGNAME=%s", p->user);
        if (r >= 0)
                r = strv_extendf(&env, "SHELL=%s", shell);
        if (r >= 0)
                r = strv_extend(&env, "PATH=" USER_PATH);
        for (size_t i = 0; r >= 0 && p->env && p->env[i]; i++)
                r = strv_extend(&env, p->env[i]);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(env);
        return 0;
}

typedef struct AppChild {
        const ExecParams *p;
        int root_fd;
        bool userns;
} AppChild;

/* Runs in the child, in the container's pid namespace; returns only on failure. USERNS: the
 * container has a user namespace of its own (every container this appctl starts). */
static int child(void *userdata) {
        const ExecParams *p = ((AppChild *) userdata)->p;
        int root_fd = ((AppChild *) userdata)->root_fd;
        bool userns = ((AppChild *) userdata)->userns;
        _cleanup_free_ char *passwd = NULL, *group = NULL, *home = NULL, *shell = NULL;
        _cleanup_free_ gid_t *groups = NULL;
        _cleanup_strv_free_ char **env = NULL;
        size_t n_groups = 0;
        uid_t uid;
        gid_t gid;
        sigset_t all;
        int r;

        sigemptyset(&all);
        sigprocmask(SIG_SETMASK, &all, NULL);
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        /* A session of its own, as the agent gives its apps: no controlling terminal, so no ioctl
         * that needs one (TIOCSTI, TIOCSPGRP, ...) reaches the caller's shell through fds 0-2, even
         * one the system call filter misses. The launcher forwards what the terminal sends. */
        if (setsid() < 0)
                return log_error_errno(negative_errno(), "Failed to start a session: %m");

        /* Through the pidfd: the namespaces of that very process, never of a recycled pid. The user
         * namespace is entered first (the kernel does so for a pidfd): we become the container's
         * root, with capabilities over the container's objects only, and the privilege drop below
         * lands on the container's uid UID, which is host SHIFT+UID. Without it the app would run
         * as host uid UID, root over nothing inside but unmapped for every file of the container
         * (EOVERFLOW on create in its own home). */
        if (setns(p->leader_pidfd, CHILD_NAMESPACES | (userns ? CLONE_NEWUSER : 0)) < 0)
                return log_error_errno(negative_errno(), "Failed to enter the container's namespaces: %m");
        /* Privilege change: host uid 0 is unmapped in the container's user namespace (it shows as
         * the overflow uid, and files made with it get EOVERFLOW); the capabilities just gained over
         * that namespace let us become its root, host SHIFT+0, which owns the container's /run.
         * Nothing but what the container's root could do already: the work below as root (the
         * runtime dir, the filter) is on the container's objects. */
        if (userns && (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0))
                return log_error_errno(negative_errno(), "Failed to become the container's root: %m");
        /* setns(mnt) puts us at the namespace's root; the container's root is the leader's */
        if (fchdir(root_fd) < 0 || chroot(".") < 0 || chdir("/") < 0)
                return log_error_errno(negative_errno(), "Failed to change to the container's root: %m");
        safe_close(root_fd);

        /* text parsing only: NSS would load modules from the container as root */
        r = read_file_in_root("/", "/etc/passwd", &passwd);
        if (r < 0)
                return log_error_errno(r, "Failed to read the container's /etc/passwd: %m");
        r = passwd_file_find(passwd, p->user, &uid, &gid, &home, &shell);
        if (r < 0 || uid != p->uid)
                return log_error_errno(r < 0 ? r : -EPERM,
                        "User %s with uid %u is missing in the container.", p->user, (unsigned) p->uid);
        r = read_file_in_root("/", "/etc/group", &group);
        if (r < 0)
                return log_error_errno(r, "Failed to read the container's /etc/group: %m");
        r = group_file_user_gids(group, p->user, p->gid, &groups, &n_groups);
        if (r < 0)
                return log_error_errno(r, "Failed to parse the container's /etc/group: %m");
        caller_filter_groups(p->caller, groups, &n_groups);
        r = build_env(p, home, isempty(shell) ? "/bin/sh" : shell, &env);
        if (r < 0)
                return log_oom();
        /* XDG_RUNTIME_DIR of every app (session-bus.h): made by root, handed to the user */
        r = runtime_dir_ensure(p->uid, p->gid);
        if (r < 0)
                return log_error_errno(r, "Failed to set up %s/%u in the container: %m",
                        INSIDE_RUNTIME_DIR_PREFIX, (unsigned) p->uid);
        {
                _cleanup_free_ char *missing = NULL;

                if (locale_env_fallback(env, &missing) < 0)
                        return log_oom();
                if (missing && !p->agent)
                        log_warning("The locale %s is not available in the container; the app uses %s "
                                    "(install the locales package there and generate it).",
                                missing, "C.UTF-8");
        }

        /* Still root: loading a filter takes CAP_SYS_ADMIN or no_new_privs, and nested apps run
         * without no_new_privs. The agent's children inherit it: one filter for both paths. */
        r = syscall_filter_install(syscall_filter_mode(p->userns, p->nested));
        if (r < 0)
                return log_error_errno(r, "Failed to install the app's system call filter: %m");
        r = privilege_drop(p->uid, p->gid, groups, n_groups, p->nested);
        if (r < 0)
                return log_error_errno(r, "Failed to drop privileges: %m");
        /* as the user: root may enter a home the user cannot */
        if (chdir(home) < 0 && chdir("/") < 0)
                return log_error_errno(negative_errno(), "Failed to change directory: %m");

        if (p->detach) {
                /* the container's /dev/null; the caller's terminal is not the window manager's */
                _cleanup_close_ int null = open("/dev/null", O_RDWR | O_CLOEXEC | O_NOCTTY);
                pid_t pid;

                if (null < 0)
                        return log_error_errno(
                                negative_errno(), "Failed to open the container's /dev/null: %m");
                /* Orphan the app at once: the container's init adopts and reaps it. As a child of the
                 * launcher (outside the namespace) its zombie would outlive it, and the container's
                 * shutdown would wait for it in vain. A bare fork, not process_fork(): nobody waits
                 * for this child, and it goes on with this function (the exec below). */
                pid = fork();
                if (pid < 0)
                        return log_error_errno(negative_errno(), "Failed to fork: %m");
                if (pid > 0)
                        _exit(EXIT_SUCCESS);
                if (dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0 ||
                        dup2(null, STDERR_FILENO) < 0 || setsid() < 0)
                        _exit(EXIT_FAILURE);
        }

        if (p->agent)
                agent_serve(p->agent_fd, p->agent_token, env);
        execvpe(p->argv[0], p->argv, env);
        r = negative_errno();
        log_error_errno(r, "Failed to execute %s: %m", p->argv[0]);
        return r;
}

int exec_app(const ExecParams *p, int *ret_status) {
        _cleanup_close_ int root_fd = -1, own_pid_ns = -1;
        bool userns = true;
        UserNsMap map;
        struct sigaction forward = {.sa_handler = forward_signal};
        const int forwarded[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2};
        struct sigaction old[ELEMENTSOF(forwarded)];
        Step s;
        pid_t pid;
        int r = 0, status;

        bool run = step_begin(&s,
                "setns(pid of leader %d), fork, setns(user,cgroup,ipc,uts,net,mnt), chroot, drop to "
                "uid %u gid %u, exec%s",
                (int) p->leader, (unsigned) p->uid, (unsigned) p->gid, p->detach ? ", detached" : "");

        show_argv("  argv: ", p->argv);
        show_note("  system call filter: %s",
                syscall_filter_mode_to_string(syscall_filter_mode(p->userns, p->nested)));
        /* first: under ++dry-run there is no leader whose namespaces could be opened */
        if (!run) {
                *ret_status = 0;
                return 0;
        }

        if (p->leader_pidfd < 0)
                r = -EBADF;
        if (r >= 0) {
                _cleanup_free_ char *path = NULL;
                if (asprintf(&path, "/proc/%d/root", (int) p->leader) < 0)
                        r = -ENOMEM;
                else if ((root_fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
                        r = negative_errno();
        }
        /* alive after the open: the pid was not recycled, so that root is the leader's */
        if (r >= 0)
                r = pidfd_alive(p->leader_pidfd);
        if (r >= 0 && (own_pid_ns = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC)) < 0)
                r = negative_errno();
        if (r >= 0) {
                r = leader_uid_map(p->leader, p->leader_pidfd, &map);
                /* an older appctl started it in the host's user namespace: entering that one again
                 * is an error, so the app runs there as before, until the container restarts */
                if (r == -ENOMEDIUM) {
                        if (p->userns_expected && !p->agent && !p->detach)
                                log_warning("The container runs without a user namespace (started by an "
                                            "older appctl); it gets one at its next start.");
                        userns = false;
                        r = 0;
                }
        }
        if (r < 0) {
                step_end(&s, r);
                return log_error_errno(r, "Failed to open the namespaces of the container's leader %d: %m",
                        (int) p->leader);
        }

        show_argv("  env:  ", p->env);

        /* our children are born in the container's pid namespace; we stay where we are */
        if (setns(p->leader_pidfd, CLONE_NEWPID) < 0) {
                r = negative_errno();
                return log_error_errno(r, "Failed to enter the container's pid namespace: %m");
        }

        /* The fork must come between the two setns(CLONE_NEWPID): the child is born in the
         * container's pid namespace. It exits 127 when the app is not found, 126 for any other
         * failure. */
        r = process_fork(child, &(AppChild){p, root_fd, userns}, &pid);
        if (r < 0)
                return log_error_errno(r, "Failed to fork: %m");

        /* later children (none today) are the host's again */
        if (setns(own_pid_ns, CLONE_NEWPID) < 0)
                log_debug_errno(negative_errno(), "Failed to return to our pid namespace: %m");

        child_pid = pid;
        for (size_t i = 0; i < ELEMENTSOF(forwarded); i++)
                sigaction(forwarded[i], &forward, &old[i]);

        r = process_wait_status(pid, &status);
        child_pid = 0;
        for (size_t i = 0; i < ELEMENTSOF(forwarded); i++)
                sigaction(forwarded[i], &old[i], NULL);
        step_end(&s, r);
        if (r < 0)
                return log_error_errno(r, "Failed to wait for the app: %m");
        *ret_status = wait_status_to_exit_code(status);
        return 0;
}
