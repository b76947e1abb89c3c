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

int wait_status_to_exit_code(int wait_status) {
        if (WIFEXITED(wait_status))
                return WEXITSTATUS(wait_status);
        if (WIFSIGNALED(wait_status))
                return 128 + WTERMSIG(wait_status);
        return 255;
}

int process_fork(int (*fn)(void *userdata), void *userdata, pid_t *ret_pid) {
        pid_t pid;

        fflush(NULL);
        pid = fork();
        if (pid < 0)
                return negative_errno();
        if (pid == 0) {
                int r = fn(userdata);
                _exit(r >= 0 ? r : r == -ENOENT ? 127 : 126);
        }
        *ret_pid = pid;
        return 0;
}

int process_wait_status(pid_t pid, int *ret_wait_status) {
        int status;

        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return negative_errno();
        *ret_wait_status = status;
        return 0;
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
                *ret_status = wait_status_to_exit_code(status);
        return caught && kill_on_signal ? -EINTR : 0;
}

int process_wait(pid_t pid, int *ret_status) {
        return wait_for(pid, true, ret_status);
}

int process_wait_to_end(pid_t pid, int *ret_status) {
        return wait_for(pid, false, ret_status);
}

int process_fork_and_wait(int (*fn)(void *userdata), void *userdata, int *ret_status) {
        pid_t pid;
        int r;

        r = process_fork(fn, userdata, &pid);
        if (r < 0)
                return r;
        return process_wait(pid, ret_status);
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

typedef struct RunArgs {
        char *const *argv;
        int out_fd;
} RunArgs;

static int run_child(void *userdata) {
        const RunArgs *a = userdata;

        if (process_child_setup(a->out_fd) < 0)
                return 127;
        execvp(a->argv[0], a->argv);
        fprintf(stderr, "%s: %s\n", a->argv[0], strerror(errno));
        return 127;
}

static int run(char *const *argv, int out_fd, bool kill_on_signal, int *ret_status) {
        pid_t pid;
        int r;

        r = process_fork(run_child, &(RunArgs){argv, out_fd}, &pid);
        if (r < 0)
                return r;
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

static int exec_child(void *userdata) {
        char *const *argv = userdata;

        execvp(argv[0], argv);
        return 127;
}

int process_run_interactive(char *const *argv, int *ret_status) {
        pid_t pid;
        int r;

        /* the child has our terminal: it gets the user's ^C itself and decides what it means */
        r = process_fork(exec_child, (void *) argv, &pid);
        if (r < 0)
                return r;
        return process_wait_to_end(pid, ret_status);
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

typedef struct AsUser {
        uid_t uid;
        gid_t gid;
        const char *user;
        int (*fn)(void *userdata);
        void *userdata;
} AsUser;

static int as_user_child(void *userdata) {
        const AsUser *a = userdata;

        /* groups, then gid, then uid: after setresuid() none of it can come back */
        if ((a->user ? initgroups(a->user, a->gid) : setgroups(0, NULL)) < 0 ||
                setresgid(a->gid, a->gid, a->gid) < 0 || setresuid(a->uid, a->uid, a->uid) < 0) {
                log_error_errno(negative_errno(), "Failed to become uid %u: %m", (unsigned) a->uid);
                return EXIT_FAILURE;
        }
        return a->fn(a->userdata) < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

int run_as_user(uid_t uid, gid_t gid, const char *user, int (*fn)(void *userdata), void *userdata) {
        int r, status;

        r = process_fork_and_wait(as_user_child, &(AsUser){uid, gid, user, fn, userdata}, &status);
        if (r < 0)
                return r;
        return status == 0 ? 0 : -EIO;
}
