/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "devices.h"
#include "macro.h"
#include "path-util.h"

static int cmp(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

int devices_list(const char *dir, const char *prefix, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        DIR *d;
        struct dirent *de;
        int r = 0;

        l = calloc(1, sizeof(char *));
        if (!l)
                return -ENOMEM;
        d = opendir(dir);
        if (!d) {
                if (errno != ENOENT)
                        return negative_errno();
                *ret = TAKE_PTR(l);
                return 0;
        }
        while (r >= 0 && (de = readdir(d))) {
                struct stat st;

                if (!strneq(de->d_name, prefix, strlen(prefix)) || de->d_name[0] == '.')
                        continue;
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISCHR(st.st_mode))
                        continue;
                r = strv_extendf(&l, "%s/%s", dir, de->d_name);
        }
        closedir(d);
        if (r < 0)
                return r;
        qsort(l, strv_length(l), sizeof(char *), cmp);
        *ret = TAKE_PTR(l);
        return 0;
}
