/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app-config.h"
#include "app-list.h"
#include "macro.h"
#include "path-util.h"

static bool conf_has_marker(int dfd, const char *conf) {
        _cleanup_close_ int fd = openat(dfd, conf, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW);
        char buf[sizeof(CONFIG_MARKER)];
        ssize_t n;

        if (fd < 0)
                return false;
        n = read(fd, buf, sizeof(buf) - 1);
        if (n != (ssize_t) sizeof(buf) - 1)
                return false;
        buf[n] = 0;
        return streq(buf, CONFIG_MARKER);
}

static int cmp_names(const void *x, const void *y) {
        return strcmp(*(char *const *) x, *(char *const *) y);
}

int apps_list(const char *script_dir, char ***ret) {
        _cleanup_strv_free_ char **l = calloc(1, sizeof(char *));
        DIR *d;
        struct dirent *de;
        int r = 0;

        if (!l)
                return -ENOMEM;
        d = opendir(script_dir);
        if (!d) {
                if (errno != ENOENT)
                        return negative_errno();
                *ret = TAKE_PTR(l); /* no script dir: no apps */
                return 0;
        }
        while (r >= 0 && (de = readdir(d))) {
                size_t n = strlen(de->d_name);
                _cleanup_free_ char *name = NULL;
                struct stat st;

                if (n <= 5 || !streq(de->d_name + n - 5, ".conf"))
                        continue;
                name = strndup(de->d_name, n - 5);
                if (!name) {
                        r = -ENOMEM;
                        break;
                }
                if (!machine_name_is_valid(name) || fstatat(dirfd(d), name, &st, 0) < 0 ||
                        !S_ISREG(st.st_mode) || !conf_has_marker(dirfd(d), de->d_name))
                        continue;
                r = strv_push(&l, TAKE_PTR(name));
        }
        closedir(d);
        if (r < 0)
                return r;
        qsort(l, strv_length(l), sizeof(char *), cmp_names);
        *ret = TAKE_PTR(l);
        return 0;
}
