/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io-util.h"
#include "macro.h"
#include "rm-rf-at.h"

static int rm_rf_children_dev(int fd, dev_t dev) {
        _cleanup_close_ int dup_fd = -1;
        DIR *d;
        struct dirent *de;
        int ret = 0;

        dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
        if (dup_fd < 0)
                return negative_errno();
        d = fdopendir(dup_fd);
        if (!d)
                return negative_errno();
        TAKE_FD(dup_fd);
        /* a directory read while entries go may skip some: read it again until a pass removes none */
        for (bool again = true; again && ret == 0;) {
                again = false;
                rewinddir(d);
                while ((errno = 0, de = readdir(d))) {
                        struct stat st;
                        int r = 0;

                        if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                                continue;
                        if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                                if (errno != ENOENT)
                                        ret = ret ?: negative_errno();
                                continue;
                        }
                        if (S_ISDIR(st.st_mode)) {
                                _cleanup_close_ int sub = -1;
                                struct stat sst;

                                if (st.st_dev != dev || path_is_mount_root_at(fd, de->d_name) > 0) {
                                        ret = ret ?: -EBUSY;
                                        continue;
                                }
                                sub = openat(fd, de->d_name,
                                        O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
                                                O_NONBLOCK);
                                if (sub < 0) {
                                        ret = ret ?: negative_errno();
                                        continue;
                                }
                                /* the directory we looked at, not one swapped in since */
                                if (fstat(sub, &sst) < 0 || sst.st_dev != st.st_dev ||
                                        sst.st_ino != st.st_ino) {
                                        ret = ret ?: -ESTALE;
                                        continue;
                                }
                                r = rm_rf_children_dev(sub, dev);
                                if (r >= 0 && unlinkat(fd, de->d_name, AT_REMOVEDIR) < 0 && errno != ENOENT)
                                        r = negative_errno();
                        } else if (unlinkat(fd, de->d_name, 0) < 0 && errno != ENOENT)
                                r = negative_errno();
                        if (r < 0)
                                ret = ret ?: r;
                        else
                                again = true;
                }
                if (errno != 0)
                        ret = ret ?: negative_errno();
        }
        closedir(d);
        return ret;
}

int rm_rf_children_at(int fd) {
        struct stat st;

        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISDIR(st.st_mode))
                return -ENOTDIR;
        return rm_rf_children_dev(fd, st.st_dev);
}

int rm_rf_at(int parent_fd, const char *name, int fd) {
        struct stat st, now;
        int r;

        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (fstatat(parent_fd, name, &now, AT_SYMLINK_NOFOLLOW) < 0)
                return negative_errno();
        if (now.st_dev != st.st_dev || now.st_ino != st.st_ino)
                return -ESTALE;
        r = rm_rf_children_at(fd);
        if (r < 0)
                return r;
        return RET_NERRNO(unlinkat(parent_fd, name, AT_REMOVEDIR));
}
