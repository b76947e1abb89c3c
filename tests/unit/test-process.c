/* SPDX-License-Identifier: GPL-2.0-or-later */
/* common/process.c: the one fork/wait helper and the one wait-status conversion. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "macro.h"
#include "process.h"
#include "tap.h"

static int return_code(void *userdata) {
        return *(int *) userdata;
}

static int kill_self(void *userdata) {
        raise(SIGKILL);
        return 0;
}

static int write_pid(void *userdata) {
        int fd = *(int *) userdata;
        pid_t pid = getpid();

        return write(fd, &pid, sizeof(pid)) == (ssize_t) sizeof(pid) ? 0 : 1;
}

static int fork_and_wait(int code) {
        int status = -1, r;

        r = process_fork_and_wait(return_code, &code, &status);
        return r < 0 ? r : status;
}

static int as_nobody(void *userdata) {
        return getuid() == 65534 && geteuid() == 65534 && getgid() == 65534 ? 0 : -EPERM;
}

int main(void) {
        int status = -1, raw = -1, pipe_fd[2], null_fd;
        pid_t pid = 0, child = 0;

        /* wait statuses as waitpid() encodes them */
        is_int(wait_status_to_exit_code(0), 0, "exit 0 is 0");
        is_int(wait_status_to_exit_code(3 << 8), 3, "exit 3 is 3");
        is_int(wait_status_to_exit_code(SIGTERM), 128 + SIGTERM, "killed by SIGTERM is 143");
        is_int(wait_status_to_exit_code(0x137f), 255, "a stopped status (never waited for) is 255");

        /* FN's return: an exit code, or a negative errno mapped as a shell does */
        is_int(fork_and_wait(0), 0, "FN returning 0 exits 0");
        is_int(fork_and_wait(42), 42, "FN returning 42 exits 42");
        is_int(fork_and_wait(-ENOENT), 127, "FN returning -ENOENT exits 127 (not found)");
        is_int(fork_and_wait(-EACCES), 126, "FN returning -EACCES exits 126 (cannot run)");

        /* the raw status, as the agent passes it on */
        ok(process_fork(kill_self, NULL, &pid) == 0 && pid > 0, "process_fork gives the child's pid");
        ok(process_wait_status(pid, &raw) == 0 && WIFSIGNALED(raw) && WTERMSIG(raw) == SIGKILL,
                "process_wait_status returns the raw status of a killed child");
        is_int(wait_status_to_exit_code(raw), 128 + SIGKILL, "which converts to 137");
        ok(process_wait_status(pid, &raw) == -ECHILD, "a reaped child cannot be waited for again: -ECHILD");

        /* the pid returned is the child's own */
        ok(pipe2(pipe_fd, O_CLOEXEC) == 0, "pipe");
        ok(process_fork(write_pid, &pipe_fd[1], &pid) == 0, "fork of a child that writes its pid");
        ok(read(pipe_fd[0], &child, sizeof(child)) == (ssize_t) sizeof(child) && child == pid,
                "the pid returned is the child's");
        ok(process_wait_to_end(pid, &status) == 0 && status == 0, "process_wait_to_end: exit code 0");
        safe_close(pipe_fd[0]);
        safe_close(pipe_fd[1]);

        /* process_run: exec with PATH, 127 when not found */
        ok(process_run((char *[]){(char *) "true", NULL}, -1, &status) == 0 && status == 0, "true exits 0");
        ok(process_run((char *[]){(char *) "false", NULL}, -1, &status) == 0 && status == 1,
                "false exits 1");
        ok(process_run((char *[]){(char *) "sh", (char *) "-c", (char *) "kill -TERM $$", NULL}, -1,
                   &status) == 0 &&
                        status == 128 + SIGTERM,
                "a command killed by SIGTERM: 143");
        null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
        ok(process_run_to_end((char *[]){(char *) "/nonexistent/command", NULL}, null_fd, &status) == 0 &&
                        status == 127,
                "a command that is not there: 127");
        safe_close(null_fd);
        ok(process_run_interactive(
                   (char *[]){(char *) "sh", (char *) "-c", (char *) "exit 7", NULL}, &status) == 0 &&
                        status == 7,
                "process_run_interactive: the exit code");

        /* run_as_user: FN's failure is -EIO, its success 0, as the user */
        if (geteuid() == 0) {
                is_int(run_as_user(65534, 65534, NULL, as_nobody, NULL), 0,
                        "run_as_user: FN ran as uid 65534");
                is_int(run_as_user(0, 0, NULL, as_nobody, NULL), -EIO, "run_as_user: FN failing is -EIO");
        } else
                ok(true, "# SKIP run_as_user needs root");
        return tap_done();
}
