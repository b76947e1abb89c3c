/* SPDX-License-Identifier: GPL-2.0-or-later */
/* disk_usage() (creator/apps.h): what du -sx counts, hard links once, symlinks never followed. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apps.h"
#include "macro.h"
#include "path-util.h"
#include "tap.h"

static int write_file(const char *dir, const char *name, size_t size) {
        _cleanup_free_ char *p = path_join(dir, name), *buf = calloc(1, size);
        _cleanup_close_ int fd = p ? open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644) : -1;

        if (fd < 0 || !buf)
                return -1;
        memset(buf, 'x', size);
        return write(fd, buf, size) == (ssize_t) size ? 0 : -1;
}

static uint64_t du_sx(const char *dir) {
        _cleanup_free_ char *cmd = NULL;
        unsigned long long v = 0;
        FILE *f;

        if (asprintf(&cmd, "du -sxB1 '%s'", dir) < 0 || !(f = popen(cmd, "r")))
                return 0;
        if (fscanf(f, "%llu", &v) != 1)
                v = 0;
        pclose(f);
        return v;
}

int main(void) {
        char dir[] = "/tmp/test-du.XXXXXX", outside[] = "/tmp/test-du-outside.XXXXXX";
        _cleanup_free_ char *sub = NULL, *deep = NULL, *a = NULL, *hard = NULL, *slink = NULL, *dlink = NULL,
                            *big = NULL, *nothing = NULL;
        uint64_t bytes = 0, shared = 0, before;
        bool complete = false;

        ok(mkdtemp(dir) && mkdtemp(outside), "two temporary directories");
        sub = path_join(dir, "sub");
        deep = path_join(sub, "deep");
        a = path_join(dir, "a");
        hard = path_join(sub, "hard");
        slink = path_join(dir, "link");
        dlink = path_join(sub, "dlink");
        big = path_join(outside, "big");
        nothing = path_join(dir, "nothing");
        ok(mkdir(sub, 0755) == 0 && mkdir(deep, 0755) == 0 && write_file(dir, "a", 100000) == 0 &&
                        write_file(deep, "b", 50000) == 0 && link(a, hard) == 0,
                "a tree: files, a subdirectory two deep, a hard link");
        ok(write_file(outside, "big", 1000000) == 0 && symlink(big, slink) == 0 &&
                        symlink(outside, dlink) == 0,
                "symlinks to a file and to a directory elsewhere");

        is_int(disk_usage(dir, &bytes, &shared, &complete), 0, "disk_usage");
        ok(complete, "complete");
        before = du_sx(dir);
        ok(bytes == before && bytes > 150000 && bytes < 1000000,
                "what du -sx says (%llu, du %llu): the hard link once, no symlink followed",
                (unsigned long long) bytes, (unsigned long long) before);
        is_int(disk_usage(dlink, &bytes, &shared, &complete), -ENOTDIR,
                "a symlink as the tree itself: refused");
        is_int(disk_usage(nothing, &bytes, NULL, &complete), -ENOENT, "a tree not there: -ENOENT");

        (void) system("rm -rf /tmp/test-du.* /tmp/test-du-outside.*");
        printf("1..%d\n", tap_n);
        return tap_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
