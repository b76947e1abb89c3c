/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "io-util.h"
#include "macro.h"
#include "netif.h"
#include "path-util.h"

static int read_word_at(int dfd, const char *path, char *buf, size_t size) {
        _cleanup_close_ int fd = openat(dfd, path, O_RDONLY | O_CLOEXEC);
        ssize_t n;

        if (fd < 0)
                return negative_errno();
        n = read_retry(fd, buf, size - 1);
        if (n < 0)
                return (int) n;
        buf[n] = 0;
        buf[strcspn(buf, "\n")] = 0;
        return 0;
}

static bool interface_is_up(int dfd) {
        char state[32], carrier[8];

        if (read_word_at(dfd, "operstate", state, sizeof state) < 0)
                return false;
        if (streq(state, "up"))
                return true;
        return streq(state, "unknown") && read_word_at(dfd, "carrier", carrier, sizeof carrier) >= 0 &&
                streq(carrier, "1");
}

static int compare_names(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

int netif_list_physical(const char *sysfs, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        DIR *d = opendir(sysfs);
        struct dirent *de;
        int r = 0;

        if (!d)
                return negative_errno();
        while ((de = readdir(d))) {
                _cleanup_close_ int dfd = -1;
                struct stat st;

                if (de->d_name[0] == '.')
                        continue;
                dfd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (dfd < 0)
                        continue;
                if (fstatat(dfd, "device", &st, 0) < 0 || !interface_is_up(dfd))
                        continue;
                r = strv_extend(&l, de->d_name);
                if (r < 0)
                        break;
        }
        closedir(d);
        if (r < 0)
                return r;
        if (!l && !(l = calloc(1, sizeof(char *))))
                return -ENOMEM;
        qsort(l, strv_length(l), sizeof(char *), compare_names);
        *ret = TAKE_PTR(l);
        return 0;
}
