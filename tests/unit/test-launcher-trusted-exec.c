/* SPDX-License-Identifier: GPL-2.0-or-later */
/* trusted_exec() (launcher/trusted-exec.h): what root may run, and what it refuses before the exec. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "macro.h"
#include "path-util.h"
#include "tap.h"
#include "trusted-exec.h"

static char *const no_env[] = {NULL};

/* trusted_exec(PATH, TRUSTED_ONLY, [PATH, ARG]) in a child: its negative errno, or (positive) the
 * exit status of what it ran */
static int run(const char *path, bool trusted_only, const char *arg) {
        char *const argv[] = {(char *) path, (char *) arg, NULL};
        int status;
        pid_t pid = fork();

        if (pid < 0)
                return negative_errno();
        if (pid == 0)
                _exit(-trusted_exec(path, trusted_only, argv, no_env) + 100);
        if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
                return -EIO;
        return WEXITSTATUS(status) >= 100 ? -(WEXITSTATUS(status) - 100) : WEXITSTATUS(status);
}

static void test_refused(void) {
        char dir[] = "/tmp/test-trusted-exec.XXXXXX";
        _cleanup_free_ char *file = NULL, *script = NULL, *link = NULL, *dirlink = NULL, *via_dirlink = NULL;
        int fd;

        is_int(run("launcher/appctl-main", false, NULL), -EINVAL, "a relative path: refused");
        is_int(run("/usr/../bin/true", false, NULL), -EINVAL, "a path with '..': refused");

        ok(mkdtemp(dir) != NULL, "temporary directory");
        file = path_join(dir, "prog");
        script = path_join(dir, "script");
        link = path_join(dir, "link");
        dirlink = path_join(dir, "d");
        via_dirlink = path_join(dirlink, "prog");
        fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0755);
        ok(fd >= 0 && write(fd, "no ELF", 6) == 6, "a file that is no program");
        safe_close(fd);
        fd = open(script, O_WRONLY | O_CREAT | O_CLOEXEC, 0755);
        ok(fd >= 0 && write(fd, "#!/bin/sh\nexit 3\n", 17) == 17, "a script");
        safe_close(fd);
        ok(symlink(file, link) == 0 && symlink(dir, dirlink) == 0, "symlinks to it and to its directory");

        /* /tmp is writable by everyone (sticky or not, someone else's directory entries there) */
        is_int(run(file, true, NULL), -EPERM, "as root: a file below /tmp is refused before the exec");
        is_int(run(file, false, NULL), -ENOEXEC,
                "the user's own launch opens it; the kernel says no program");
        is_int(run(script, false, NULL), -ENOENT,
                "a script: refused (its interpreter could not open the fd, closed at the exec)");
        is_int(run(link, false, NULL), -EPERM, "a symlink as the file: refused, even for the user");
        is_int(run(via_dirlink, false, NULL), -EPERM, "a symlink on the way: refused");
        unlink(via_dirlink);
        unlink(link);
        unlink(dirlink);
        unlink(script);
        unlink(file);
        rmdir(dir);
}

static void test_trusted(void) {
        const char *test = "/usr/bin/test";
        struct stat st;

        /* root's file in root's directories all the way: it runs, with its arguments */
        if (lstat(test, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022)) {
                ok(true, "# SKIP no root-owned regular %s here", test);
                return;
        }
        is_int(run(test, true, "x"), 0, "as root: a root-owned program in root's directories runs");
        is_int(run(test, true, ""), 1, "with its arguments");
}

int main(void) {
        test_refused();
        test_trusted();
        printf("1..%d\n", tap_n);
        return tap_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
