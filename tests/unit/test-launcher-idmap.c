/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "idmap-mount.h"
#include "macro.h"
#include "tap.h"

/* the throwaway user namespace maps exactly one uid and one gid (as read back from a process in it) */
static void test_userns_one_id(void) {
        _cleanup_close_ int fd = -1;
        int pipefd[2], r;
        char buf[256] = {};
        pid_t pid;

        is_int(idmap_userns_open(70000, 1000, &(UserNsMap){65536, 65536}, &fd), -ERANGE,
                "uid 70000 does not fit in 65536 ids");
        is_int(idmap_userns_open(1000, 131072, &(UserNsMap){65536, 131072}, &fd), -ERANGE,
                "gid 131072 does not fit in 131072 ids");
        if (geteuid() != 0) {
                ok(true, "# SKIP the user namespace's maps need root");
                return;
        }
        r = idmap_userns_open(1000, 1001, &(UserNsMap){65536 * 7, 65536}, &fd);
        ok(r == 0, "idmap_userns_open (%d)", r);
        ok(pipe2(pipefd, O_CLOEXEC) == 0, "pipe");
        pid = fork();
        if (pid == 0) {
                _cleanup_fclose_ FILE *u = NULL, *g = NULL;
                unsigned a, b, c, d, e, f;

                if (setns(fd, CLONE_NEWUSER) < 0)
                        _exit(1);
                u = fopen("/proc/self/uid_map", "re");
                g = fopen("/proc/self/gid_map", "re");
                if (!u || !g || fscanf(u, "%u %u %u", &a, &b, &c) != 3 ||
                        fscanf(g, "%u %u %u", &d, &e, &f) != 3)
                        _exit(2);
                dprintf(pipefd[1], "%u %u %u|%u %u %u|%d", a, b, c, d, e, f,
                        fgetc(u) == '\n' && fgetc(u) == EOF);
                _exit(0);
        }
        close(pipefd[1]);
        r = (int) read(pipefd[0], buf, sizeof(buf) - 1);
        close(pipefd[0]);
        waitpid(pid, NULL, 0);
        is_str(r > 0 ? buf : "", "1000 459752 1|1001 459753 1|1",
                "uid_map is 'UID SHIFT+UID 1' and gid_map 'GID SHIFT+GID 1', one line each");
}

static void test_supported(void) {
        if (geteuid() != 0) {
                ok(true, "# SKIP idmapped mounts need root");
                return;
        }
        is_int(idmap_supported("/proc"), 0, "procfs has no idmapped mounts");
        printf("# idmapped mounts on /: %d\n", idmap_supported("/"));
}

int main(void) {
        test_userns_one_id();
        test_supported();
        return tap_done();
}
