/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <search.h>
#include <stdio.h>
#include <sys/stat.h>

#include "apps.h"
#include "macro.h"
#include "path-util.h"
#include "user.h"

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
        if (access(a.conf_path, F_OK) < 0)
                return negative_errno();
        app_config_init(&a.config);
        r = app_config_load(a.conf_path, &a.config, ret_error);
        if (r < 0)
                return r;
        *ret = a;
        a = (App){};
        return 0;
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

/* nftw has no user data: one walk at a time */
static uint64_t du_bytes;
static bool du_complete;
static void *du_seen; /* tsearch tree of dev:ino of files with more than one link */

static int cmp_ino(const void *x, const void *y) {
        const struct stat *a = x, *b = y;
        if (a->st_dev != b->st_dev)
                return a->st_dev < b->st_dev ? -1 : 1;
        return a->st_ino < b->st_ino ? -1 : a->st_ino > b->st_ino;
}

static int du_visit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
        if (type == FTW_NS || type == FTW_DNR) {
                du_complete = false;
                if (type == FTW_NS)
                        return 0;
        }
        if (st->st_nlink > 1 && !S_ISDIR(st->st_mode)) {
                struct stat *key = malloc(sizeof(*key)), **found;
                if (!key)
                        return -1;
                *key = (struct stat){.st_dev = st->st_dev, .st_ino = st->st_ino};
                found = tsearch(key, &du_seen, cmp_ino);
                if (!found)
                        return free(key), -1;
                if (*found != key) {
                        free(key);
                        return 0;
                }
        }
        du_bytes += (uint64_t) st->st_blocks * 512u;
        return 0;
}

int disk_usage(const char *path, uint64_t *ret, bool *ret_complete) {
        int r;

        du_bytes = 0;
        du_complete = true;
        du_seen = NULL;
        r = nftw(path, du_visit, 64, FTW_PHYS | FTW_MOUNT);
        tdestroy(du_seen, free);
        du_seen = NULL;
        if (r < 0)
                return errno ? negative_errno() : -ENOMEM;
        *ret = du_bytes;
        *ret_complete = du_complete;
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
