/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "config.h"

#include "apps.h"
#include "caller.h"
#include "macro.h"
#include "parse-util.h"
#include "path-util.h"
#include "store.h"
#include "user.h"
#include "validate.h"

void app_done(App *a) {
        free(a->name);
        free(a->launcher);
        free(a->conf_path);
        app_config_done(&a->config);
        *a = (App){};
}

int script_dir_default(char **ret) {
        _cleanup_(invoker_done) Invoker inv = {};
        int r;

        r = invoker_get(&inv);
        if (r < 0)
                return r;
        *ret = path_join(inv.home, ".local/bin");
        return *ret ? 0 : -ENOMEM;
}

int as_invoker(int (*fn)(void *userdata), void *userdata) {
        _cleanup_(caller_done) Caller caller = {};
        _cleanup_(invoker_done) Invoker inv = {};
        FsIds saved;
        int r, q;

        if (geteuid() != 0 || invoker_get(&inv) < 0 || inv.uid == 0)
                return fn(userdata);
        r = caller_identify(inv.uid, &caller);
        if (r < 0)
                return r;
        /* the fs ids only: reversible, and all that file access is checked against */
        r = fs_ids_become(&caller, &saved);
        if (r < 0)
                return r;
        r = fn(userdata);
        q = fs_ids_restore(&saved);
        return r < 0 ? r : q;
}

typedef struct LoadArgs {
        App *app;
        char **ret_error;
} LoadArgs;

static int load_cb(void *userdata) {
        LoadArgs *l = userdata;

        if (access(l->app->conf_path, F_OK) < 0)
                return negative_errno();
        return app_config_load(l->app->conf_path, &l->app->config, l->ret_error);
}

int app_load(const char *script_dir, const char *name, App *ret, char **ret_error) {
        _cleanup_(app_done) App a = {};
        int r;

        *ret_error = NULL;
        if (!machine_name_is_valid(name))
                return -EINVAL;
        a.name = strdup(name);
        a.launcher = path_join(script_dir, name);
        if (!a.name || !a.launcher || asprintf(&a.conf_path, "%s.conf", a.launcher) < 0)
                return -ENOMEM;
        app_config_init(&a.config);
        r = as_invoker(load_cb, &(LoadArgs){&a, ret_error});
        if (r < 0)
                return r;
        *ret = a;
        a = (App){};
        return 0;
}

/* nftw has no user data: one walk at a time */
/* The walk of disk_usage(). Every name is looked up in the fd of the directory it was read from,
 * never through a symlink, and a directory or file opened is checked to be the one stat'ed: the tree
 * may be a running container's, whose root can swap a directory for a symlink to a host directory
 * at any moment, and root must not count (or open) what lies there. */
typedef struct DiskUsage {
        uint64_t bytes, shared;
        bool want_shared, complete;
        dev_t dev;
        void *seen; /* tsearch tree of dev:ino of files with more than one link */
} DiskUsage;

/* deeper trees are counted as far as this (one fd per level is open) and reported incomplete */
#define DU_DEPTH_MAX 256

static int cmp_ino(const void *x, const void *y) {
        const struct stat *a = x, *b = y;
        if (a->st_dev != b->st_dev)
                return a->st_dev < b->st_dev ? -1 : 1;
        return a->st_ino < b->st_ino ? -1 : a->st_ino > b->st_ino;
}

/* NAME in DIR_FD, opened without following a symlink and only if it is still the inode ST says */
static int open_same(int dir_fd, const char *name, int flags, const struct stat *st) {
        struct stat now;
        int fd = openat(dir_fd, name, flags | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &now) < 0 || now.st_ino != st->st_ino || now.st_dev != st->st_dev) {
                safe_close(fd);
                return -ESTALE;
        }
        return fd;
}

/* ST (of NAME in DIR_FD) counted once */
static int du_count(DiskUsage *du, int dir_fd, const char *name, const struct stat *st) {
        uint64_t size = (uint64_t) st->st_blocks * 512u;

        if (st->st_nlink > 1 && !S_ISDIR(st->st_mode)) {
                struct stat *key = malloc(sizeof(*key)), **found;
                if (!key)
                        return -ENOMEM;
                *key = (struct stat){.st_dev = st->st_dev, .st_ino = st->st_ino};
                found = tsearch(key, &du->seen, cmp_ino);
                if (!found)
                        return free(key), -ENOMEM;
                if (*found != key) {
                        free(key);
                        return 0;
                }
        }
        du->bytes += size;
        if (du->want_shared && S_ISREG(st->st_mode) && size > 0) {
                _cleanup_close_ int fd = open_same(dir_fd, name, O_RDONLY, st);
                uint64_t shared;

                if (fd >= 0 && file_shared_bytes(fd, &shared) >= 0)
                        du->shared += shared < size ? shared : size;
        }
        return 0;
}

/* Everything below the directory FD (taken) */
static int du_dir(DiskUsage *du, int fd, unsigned depth) {
        DIR *d = fdopendir(fd);
        int r = 0;

        if (!d) {
                safe_close(fd);
                return negative_errno();
        }
        for (;;) {
                struct dirent *de;
                struct stat st;
                int sub;

                errno = 0;
                de = readdir(d);
                if (!de) {
                        if (errno != 0)
                                du->complete = false;
                        break;
                }
                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                        du->complete = false; /* gone meanwhile, or not ours to see */
                        continue;
                }
                /* other file systems are neither counted nor entered (their space is not this tree's) */
                if (st.st_dev != du->dev)
                        continue;
                r = du_count(du, dirfd(d), de->d_name, &st);
                if (r < 0)
                        break;
                if (!S_ISDIR(st.st_mode))
                        continue;
                sub = depth < DU_DEPTH_MAX ? open_same(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY, &st)
                                           : -ELOOP;
                if (sub < 0) {
                        du->complete = false;
                        continue;
                }
                r = du_dir(du, sub, depth + 1);
                if (r < 0)
                        break;
        }
        closedir(d);
        return r;
}

int file_shared_bytes(int fd, uint64_t *ret) {
        enum { BATCH = 64 };
        _cleanup_free_ struct fiemap *fm = malloc(sizeof(*fm) + BATCH * sizeof(struct fiemap_extent));
        uint64_t start = 0, shared = 0;

        if (!fm)
                return -ENOMEM;
        for (;;) {
                *fm = (struct fiemap){
                        .fm_start = start, .fm_length = FIEMAP_MAX_OFFSET - start, .fm_extent_count = BATCH};
                if (ioctl(fd, FS_IOC_FIEMAP, fm) < 0)
                        return negative_errno();
                if (fm->fm_mapped_extents == 0)
                        break;
                for (unsigned i = 0; i < fm->fm_mapped_extents; i++) {
                        const struct fiemap_extent *e = &fm->fm_extents[i];

                        if (e->fe_flags & FIEMAP_EXTENT_SHARED)
                                shared += e->fe_length;
                        start = e->fe_logical + e->fe_length;
                        if (e->fe_flags & FIEMAP_EXTENT_LAST) {
                                *ret = shared;
                                return 0;
                        }
                }
        }
        *ret = shared;
        return 0;
}

int disk_usage(const char *path, uint64_t *ret, uint64_t *ret_shared, bool *ret_complete) {
        DiskUsage du = {.complete = true};
        struct statfs sfs;
        struct stat st;
        int fd, r;

        fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0 || fstatfs(fd, &sfs) < 0) {
                r = negative_errno();
                safe_close(fd);
                return r;
        }
        du.dev = st.st_dev;
        du.bytes = (uint64_t) st.st_blocks * 512u;
        /* only where extents can be shared: elsewhere the answer is 0 without an open per file */
        du.want_shared = ret_shared && fs_shares_extents(&sfs);
        r = du_dir(&du, fd, 0);
        tdestroy(du.seen, free);
        if (r < 0)
                return r;
        *ret = du.bytes;
        if (ret_shared)
                *ret_shared = du.shared;
        *ret_complete = du.complete;
        return 0;
}

void format_bytes(uint64_t bytes, char buf[static 16]) {
        const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = (double) bytes;
        size_t u = 0;

        while (v >= 1024 && u + 1 < ELEMENTSOF(units)) {
                v /= 1024;
                u++;
        }
        snprintf(buf, 16, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
}

int rootfs_open_ours(const char *dir, const char *name, const char *user, uid_t uid, int *ret_parent_fd,
        int *ret_fd, char **ret_why) {
        _cleanup_close_ int pfd = -1, fd = -1;
        _cleanup_(invoker_done) Invoker inv = {};
        int r;

        /* sudo's user acts only on their own apps' root file systems */
        if (invoker_get(&inv) >= 0 && inv.uid != 0 && inv.uid != uid)
                return error_text(ret_why, "the conf is for uid %u, not yours (%u)", (unsigned) uid,
                               (unsigned) inv.uid),
                       -EPERM;
        r = rootfs_open(MACHINES_DIR, dir, &pfd, &fd, ret_why);
        if (r < 0)
                return r;
        r = rootfs_verify_made_for(fd, dir, name, ret_why);
        if (r < 0)
                return r;
        r = rootfs_verify_user(dir, user, uid, ret_why);
        if (r < 0)
                return r;
        *ret_parent_fd = TAKE_FD(pfd);
        *ret_fd = TAKE_FD(fd);
        return 0;
}
