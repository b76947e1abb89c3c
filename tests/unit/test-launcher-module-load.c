/* SPDX-License-Identifier: GPL-2.0-or-later */
/* module_load() (launcher/module-load.h): what root may load, and what it refuses before loading. */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "macro.h"
#include "module-load.h"
#include "path-util.h"
#include "tap.h"

static void test_refused(void) {
        char dir[] = "/tmp/test-module-load.XXXXXX";
        _cleanup_free_ char *file = NULL, *link = NULL, *dirlink = NULL, *via_dirlink = NULL;
        void *h = NULL;
        int fd;

        is_int(module_load("launcher/appctl-main.so", false, &h), -EINVAL, "a relative path: refused");
        is_int(module_load("/usr/../tmp/x.so", false, &h), -EINVAL, "a path with '..': refused");

        ok(mkdtemp(dir) != NULL, "temporary directory");
        file = path_join(dir, "m.so");
        link = path_join(dir, "link.so");
        dirlink = path_join(dir, "d");
        via_dirlink = path_join(dirlink, "m.so");
        fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        ok(fd >= 0 && write(fd, "no ELF", 6) == 6, "a file that is no shared object");
        safe_close(fd);
        ok(symlink(file, link) == 0 && symlink(dir, dirlink) == 0, "symlinks to it and to its directory");

        /* /tmp is writable by everyone (sticky or not, someone else's directory entries there) */
        is_int(module_load(file, true, &h), -EPERM, "as root: a file below /tmp is refused before loading");
        is_int(module_load(file, false, &h), -ENOEXEC,
                "the user's own launch opens it; dlopen() says no ELF");
        is_int(module_load(link, false, &h), -EPERM, "a symlink as the file: refused, even for the user");
        is_int(module_load(via_dirlink, false, &h), -EPERM, "a symlink on the way: refused");
        unlink(via_dirlink);
        unlink(link);
        unlink(dirlink);
        unlink(file);
        rmdir(dir);
}

static void test_trusted(void) {
        struct stat st;
        void *h = NULL;
        int r;

        /* root's file in root's directories all the way: the checks pass, dlopen() is what refuses */
        if (lstat("/usr/lib/os-release", &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != 0 ||
                (st.st_mode & 022))
                ok(true, "# SKIP no root-owned regular /usr/lib/os-release here");
        else
                is_int(module_load("/usr/lib/os-release", true, &h), -ENOEXEC,
                        "as root: a root-owned file in root's directories passes the checks");

        r = module_load(MODULE_BUILD_PATH, false, &h);
        is_int(r, 0, "the module loads from its fd (%s)", r == -ENOEXEC ? dlerror() : "");
        ok(r == 0 && dlsym(h, "appctl_main") != NULL, "and exports appctl_main");
        ok(r == 0 && dlsym(h, "agent_serve") == NULL && dlsym(h, "log_set_program_name") == NULL,
                "and nothing else: its own copies of the static libraries stay its own");
}

int main(void) {
        test_refused();
        test_trusted();
        printf("1..%d\n", tap_n);
        return tap_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
