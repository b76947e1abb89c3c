/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The app's system call filter, on this machine's kernel: try-syscall under the filter (loaded
 * with no_new_privs, as an unprivileged process can) must print tests/try-syscall.expected, for
 * an app, an app with userns = true and one with nested = true. The same table test-seccomp.sh
 * checks in a container. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io-util.h"
#include "macro.h"
#include "path-util.h"
#include "syscall-filter.h"
#include "tap.h"

typedef struct Expected {
        char name[64], result[_SYSCALL_FILTER_MAX][16]; /* by the table's columns: app, userns, nested */
} Expected;

static const char *const mode_label[_SYSCALL_FILTER_MAX] = {"", "userns: ", "nested: "};

static Expected table[128];
static size_t n_table;

static void read_table(void) {
        _cleanup_fclose_ FILE *f = fopen(TRY_SYSCALL_EXPECTED, "re");
        char line[256];

        while (f && fgets(line, sizeof(line), f) && n_table < ELEMENTSOF(table)) {
                Expected *e = &table[n_table];
                if (line[0] != '#' &&
                        sscanf(line, "%63s %15s %15s %15s", e->name, e->result[SYSCALL_FILTER_APP],
                                e->result[SYSCALL_FILTER_USERNS], e->result[SYSCALL_FILTER_NESTED]) == 4)
                        n_table++;
        }
        ok(n_table > 30, "%zu calls in %s", n_table, TRY_SYSCALL_EXPECTED);
}

/* try-syscall --userns with every call of the table, in a child under the filter; its output */
static char *run_filtered(SyscallFilterMode mode) {
        char *argv[ELEMENTSOF(table) + 3] = {(char *) "try-syscall", (char *) "--userns"};
        char *out = NULL;
        size_t size;
        int pipefd[2], status;
        pid_t pid;

        for (size_t i = 0; i < n_table; i++)
                argv[i + 2] = table[i].name;
        if (pipe2(pipefd, O_CLOEXEC) < 0)
                return NULL;
        pid = fork();
        if (pid == 0) {
                if (dup2(pipefd[1], STDOUT_FILENO) < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
                        syscall_filter_install(mode) < 0)
                        _exit(EXIT_FAILURE);
                execv(TRY_SYSCALL, argv);
                _exit(127);
        }
        close(pipefd[1]);
        if (read_fd_all(pipefd[0], 1 << 20, &out, &size) < 0)
                out = NULL;
        close(pipefd[0]);
        if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
                ok(false, "try-syscall ran under the filter");
        return out;
}

/* can this process make a user namespace at all, without a filter? */
static bool userns_possible(void) {
        int status;
        pid_t pid = fork();

        if (pid == 0)
                _exit(unshare(CLONE_NEWUSER) < 0);
        return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* the RESULT of the line "NAME RESULT" of OUT, or "(missing)" */
static void result_of(const char *out, const char *name, char ret[static 64]) {
        size_t k = strlen(name);

        strcpy(ret, "(missing)");
        for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
                if (strneq(l, name, k) && l[k] == ' ')
                        return (void) sscanf(l + k + 1, "%63s", ret);
}

static void check(SyscallFilterMode mode) {
        _cleanup_free_ char *out = run_filtered(mode);
        bool userns = userns_possible();

        for (size_t i = 0; i < n_table; i++) {
                const char *want = table[i].result[mode];
                char got[64];

                /* what userns and nested apps may do more depends on user namespaces */
                if (mode != SYSCALL_FILTER_APP && !userns &&
                        !streq(want, table[i].result[SYSCALL_FILTER_APP])) {
                        ok(true, "# SKIP %s%s: no user namespaces here", mode_label[mode], table[i].name);
                        continue;
                }
                result_of(out, table[i].name, got);
                is_str(got, want, "%s%s: %s", mode_label[mode], table[i].name, want);
        }
}

static void test_mode(void) {
        is_int(syscall_filter_mode(false, false), SYSCALL_FILTER_APP, "no grant: the app's filter");
        is_int(syscall_filter_mode(true, false), SYSCALL_FILTER_USERNS, "userns = true");
        is_int(syscall_filter_mode(false, true), SYSCALL_FILTER_NESTED, "nested = true implies userns");
        is_int(syscall_filter_mode(true, true), SYSCALL_FILTER_NESTED, "userns and nested: nested");
        is_int(syscall_filter_install(_SYSCALL_FILTER_MAX), -EINVAL, "an unknown mode is refused");
}

static void test_no_new_privs_untouched(void) {
        int status;
        pid_t pid;

        if (geteuid() != 0)
                return (void) ok(true, "# SKIP not root: cannot load a filter without no_new_privs");
        pid = fork();
        if (pid == 0)
                _exit(syscall_filter_install(SYSCALL_FILTER_NESTED) == 0 &&
                                        prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 0
                                ? 0
                                : 1);
        ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
                "as root the filter loads and leaves no_new_privs off (nested apps need file capabilities)");
}

int main(void) {
        read_table();
        test_mode();
        for (SyscallFilterMode m = 0; m < _SYSCALL_FILTER_MAX; m++)
                check(m);
        test_no_new_privs_untouched();
        return tap_done();
}
