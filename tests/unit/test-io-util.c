/* SPDX-License-Identifier: GPL-2.0-or-later */
/* write_file_atomic_at() (common/io-util.h): the one way files are replaced. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io-util.h"
#include "macro.h"
#include "path-util.h"
#include "tap.h"

static int entries(const char *dir) {
        DIR *d = opendir(dir);
        struct dirent *de;
        int n = 0;

        if (!d)
                return -1;
        while ((de = readdir(d)))
                n += !streq(de->d_name, ".") && !streq(de->d_name, "..");
        closedir(d);
        return n;
}

int main(void) {
        char dir[] = "/tmp/test-io-util.XXXXXX";
        _cleanup_free_ char *file = NULL, *link = NULL, *victim = NULL, *text = NULL, *gone = NULL;
        _cleanup_close_ int dfd = -1;
        struct stat st;
        mode_t old;

        ok(mkdtemp(dir) != NULL, "temporary directory");
        file = path_join(dir, "f");
        link = path_join(dir, "l");
        victim = path_join(dir, "victim");
        gone = path_join(dir, "no/such/f");
        dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);

        old = umask(0077);
        is_int(write_file_atomic_at(AT_FDCWD, file, "one\n", 4, 0644, (uid_t) -1, (gid_t) -1), 0,
                "a path: written");
        umask(old);
        ok(stat(file, &st) == 0 && (st.st_mode & 07777) == 0644, "its mode is MODE, whatever the umask");
        is_int(write_file_atomic_at(dfd, "f", "two", 3, 0600, (uid_t) -1, (gid_t) -1), 0,
                "a name in a dir fd: replaced");
        ok(read_file_nofollow(file, &text) == 0 && streq(text, "two"), "the new text, whole");
        ok(stat(file, &st) == 0 && (st.st_mode & 07777) == 0600, "and the new mode");
        if (geteuid() == 0) {
                is_int(write_file_atomic_at(dfd, "f", "x", 1, 0600, 65534, 65534), 0,
                        "as root: handed to a uid");
                ok(stat(file, &st) == 0 && st.st_uid == 65534 && st.st_gid == 65534, "which owns it");
        } else {
                ok(true, "# SKIP not root: no chown");
                ok(true, "# SKIP not root: no chown");
        }

        /* a symlink at NAME is replaced, never written through */
        ok(write_file_atomic_at(AT_FDCWD, victim, "victim", 6, 0644, (uid_t) -1, (gid_t) -1) == 0 &&
                        symlink(victim, link) == 0,
                "a symlink to another file");
        is_int(write_file_atomic_at(dfd, "l", "new", 3, 0644, (uid_t) -1, (gid_t) -1), 0,
                "written at the symlink's name");
        free(text);
        text = NULL;
        ok(lstat(link, &st) == 0 && S_ISREG(st.st_mode), "which is now a file of its own");
        ok(read_file_nofollow(victim, &text) == 0 && streq(text, "victim"), "and its target is untouched");

        is_int(write_file_atomic_at(AT_FDCWD, gone, "x", 1, 0644, (uid_t) -1, (gid_t) -1), -ENOENT,
                "a directory that is not there: -ENOENT");
        is_int(entries(dir), 3, "no temporary file left behind (f, l, victim)");

        unlink(file);
        unlink(link);
        unlink(victim);
        rmdir(dir);
        printf("1..%d\n", tap_n);
        return tap_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
