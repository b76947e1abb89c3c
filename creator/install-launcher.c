/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

#include "install-launcher.h"
#include "macro.h"
#include "path-util.h"
#include "script-dir.h"

int appctl_find(const char *explicit, char **ret) {
        _cleanup_free_ char *dir = NULL, *p = NULL;
        char exe[PATH_MAX];
        ssize_t n;

        if (explicit) {
                if (access(explicit, X_OK) < 0)
                        return negative_errno();
                return (*ret = strdup(explicit)) ? 0 : -ENOMEM;
        }
        if (access(APPCTL_PATH, X_OK) == 0)
                return (*ret = strdup(APPCTL_PATH)) ? 0 : -ENOMEM;

        /* not installed: running from the build directory, where launcher/ is our sibling */
        n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
        if (n < 0)
                return negative_errno();
        exe[n] = 0;
        dir = path_dirname(exe);
        if (!dir || asprintf(&p, "%s/../launcher/appctl", dir) < 0)
                return -ENOMEM;
        if (access(p, X_OK) < 0)
                return -ENOENT;
        *ret = TAKE_PTR(p);
        return 0;
}

int launcher_check(const char *appctl, int dfd, const char *dest) {
        struct stat a, d;

        if (fstatat(dfd, dest, &d, AT_SYMLINK_NOFOLLOW) < 0)
                return errno == ENOENT ? 0 : negative_errno();
        if (stat(appctl, &a) < 0)
                return negative_errno();
        if (S_ISREG(d.st_mode) && a.st_dev == d.st_dev && a.st_ino == d.st_ino)
                return 1;
        return -EEXIST;
}

int launcher_is_ours(const char *appctl, const char *path) {
        _cleanup_close_ int fd = -1;
        struct stat a, d;
        char magic[4];

        /* O_NONBLOCK: a FIFO planted there must not hang root */
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return errno == ENOENT ? 0 : negative_errno();
        if (fstat(fd, &d) < 0)
                return negative_errno();
        if (!S_ISREG(d.st_mode))
                return 0;
        if (stat(appctl, &a) == 0 && a.st_dev == d.st_dev && a.st_ino == d.st_ino)
                return 1;
        /* a copy may be of an older appctl: its owner, mode and kind tell, not its bytes */
        return d.st_uid == 0 && !(d.st_mode & 022) && read(fd, magic, 4) == 4 &&
                memcmp(magic, "\177ELF", 4) == 0;
}

int launcher_install(Actions *a, const char *appctl, int dfd, const char *dest, bool *ret_copied) {
        _cleanup_free_ char *qa = NULL, *qd = NULL;
        int r;

        *ret_copied = false;
        if (a->dry_run) {
                qa = shell_quote(appctl);
                qd = shell_quote(dest);
                if (!qa || !qd)
                        return -ENOMEM;
                fprintf(a->out, "ln %s %s  # or, across file systems, install -m 0755 (root-owned copy)\n",
                        qa, qd);
                return 0;
        }
        r = launcher_check(appctl, dfd, path_basename(dest));
        if (r < 0)
                return r;
        if (r > 0)
                return 0;
        return script_dir_link_launcher(dfd, path_basename(dest), appctl, ret_copied);
}
