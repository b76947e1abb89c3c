/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "io-util.h"
#include "log.h"
#include "macro.h"
#include "process.h"

static volatile sig_atomic_t caught;

static void on_signal(int sig) {
        if (!caught)
                caught = sig;
}

int process_catch_signals(void) {
        struct sigaction sa = {
                .sa_handler = on_signal,
                .sa_flags = 0, /* no SA_RESTART: waitpid() must return so we can clean up */
        };
        static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};

        sigemptyset(&sa.sa_mask);
        for (size_t i = 0; i < ELEMENTSOF(sigs); i++)
                if (sigaction(sigs[i], &sa, NULL) < 0)
                        return negative_errno();
        return 0;
}

int process_interrupted(void) {
        return caught;
}

static int wait_for(pid_t pid, bool kill_on_signal, int *ret_status) {
        bool killed = !kill_on_signal;
        int status;

        for (;;) {
                if (caught && !killed) {
                        /* the child may not have seen the signal (SIGTERM sent to us only) */
                        kill(pid, SIGTERM);
                        killed = true;
                }
                if (waitpid(pid, &status, 0) >= 0)
                        break;
                if (errno != EINTR)
                        return negative_errno();
        }
        if (ret_status)
                *ret_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return caught && kill_on_signal ? -EINTR : 0;
}

int process_wait(pid_t pid, int *ret_status) {
        return wait_for(pid, true, ret_status);
}

int process_child_setup(int out_fd) {
        static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
        int null_fd;

        for (size_t i = 0; i < ELEMENTSOF(sigs); i++)
                signal(sigs[i], SIG_DFL);

        null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (null_fd < 0)
                return negative_errno();
        /* dup2() clears O_CLOEXEC on the copies, which is what the exec'd program needs */
        if (dup2(null_fd, STDIN_FILENO) < 0)
                return negative_errno();
        if (out_fd >= 0 && (dup2(out_fd, STDOUT_FILENO) < 0 || dup2(out_fd, STDERR_FILENO) < 0))
                return negative_errno();
        return 0;
}

static int run(char *const *argv, int out_fd, bool kill_on_signal, int *ret_status) {
        pid_t pid = fork();

        if (pid < 0)
                return negative_errno();
        if (pid == 0) {
                if (process_child_setup(out_fd) < 0)
                        _exit(127);
                execvp(argv[0], argv);
                fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
                _exit(127);
        }
        return wait_for(pid, kill_on_signal, ret_status);
}

int process_run(char *const *argv, int out_fd, int *ret_status) {
        return run(argv, out_fd, true, ret_status);
}

int process_run_to_end(char *const *argv, int out_fd, int *ret_status) {
        return run(argv, out_fd, false, ret_status);
}

int process_run_input(const char *path, char *const *argv, const char *input, int out_fd, int *ret_status) {
        _cleanup_close_ int in_fd = memfd_create("input", MFD_CLOEXEC);
        char *const empty_env[] = {NULL};
        pid_t pid;
        int r;

        if (in_fd < 0)
                return negative_errno();
        r = write_all(in_fd, input, strlen(input));
        if (r < 0)
                return r;
        if (lseek(in_fd, 0, SEEK_SET) < 0)
                return negative_errno();
        pid = fork();
        if (pid < 0)
                return negative_errno();
        if (pid == 0) {
                if (process_child_setup(out_fd) < 0 || dup2(in_fd, STDIN_FILENO) < 0)
                        _exit(127);
                /* root runs it: no PATH search, nothing from the caller's environment */
                execve(path, argv, empty_env);
                fprintf(stderr, "%s: %s\n", path, strerror(errno));
                _exit(127);
        }
        return wait_for(pid, false, ret_status);
}

static char *title_start;
static size_t title_size;

void process_title_init(int argc, char **argv) {
        /* argv's strings are contiguous; the ones after argv[0] may be overwritten too */
        if (argc < 1 || !argv[0])
                return;
        title_start = argv[0];
        title_size = (size_t) (argv[argc - 1] + strlen(argv[argc - 1]) + 1 - argv[0]);
}

void process_title_set(const char *title) {
        size_t n;

        (void) prctl(PR_SET_NAME, title);
        if (!title_start || title_size < 2)
                return;
        n = strlen(title);
        if (n >= title_size)
                n = title_size - 1;
        memcpy(title_start, title, n);
        memset(title_start + n, 0, title_size - n);
}

int process_run_interactive(char *const *argv, int *ret_status) {
        pid_t pid;
        int status;

        fflush(NULL);
        pid = fork();
        if (pid < 0)
                return negative_errno();
        if (pid == 0) {
                execvp(argv[0], argv);
                _exit(127);
        }
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return negative_errno();
        *ret_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return 0;
}

int remove_tree(const char *p) {
        char *argv[] = {(char *) "rm", (char *) "-rf", (char *) "--one-file-system", (char *) "--",
                (char *) p, NULL};
        int r, status = 0;

        /* removal must happen even while we are being interrupted: process_run() would kill it */
        r = process_run_to_end(argv, -1, &status);
        if (r < 0)
                return r;
        return status == 0 ? 0 : -EIO;
}

int run_as_user(uid_t uid, gid_t gid, const char *user, int (*fn)(void *userdata), void *userdata) {
        pid_t pid;
        int r, status;

        fflush(NULL);
        pid = fork();
        if (pid < 0)
                return negative_errno();
        if (pid == 0) {
                /* groups, then gid, then uid: after setresuid() none of it can come back */
                if ((user ? initgroups(user, gid) : setgroups(0, NULL)) < 0 ||
                        setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0) {
                        log_error_errno(negative_errno(), "Failed to become uid %u: %m", (unsigned) uid);
                        _exit(EXIT_FAILURE);
                }
                _exit(fn(userdata) < 0 ? EXIT_FAILURE : EXIT_SUCCESS);
        }
        r = process_wait(pid, &status);
        if (r < 0)
                return r;
        return status == 0 ? 0 : -EIO;
}
