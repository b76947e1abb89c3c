/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"

#include "apps.h"
#include "archive-cache.h"
#include "cache.h"
#include "commands.h"
#include "log.h"
#include "path-util.h"
#include "process.h"
#include "recipe.h"
#include "validate.h"

#define SECONDS_PER_DAY (24 * 60 * 60)

static void closedirp(DIR **d) {
        if (*d)
                closedir(*d);
}

/* What the root file systems in MACHINES_DIR were made from: the cache keys their recipes (root's
 * copy inside each) name, with the name of an app that uses each. Apps, their .rebuild and
 * .snapshot copies alike: each is a rootfs someone may rebuild or roll back to. */
typedef struct Refs {
        char **keys; /* key, app, key, app, ... */
} Refs;

static int refs_add(Refs *refs, const char *key, const char *app) {
        if (!cache_key_is_valid(key))
                return 0;
        if (strv_extend(&refs->keys, key) < 0 || strv_extend(&refs->keys, app) < 0)
                return -ENOMEM;
        return 0;
}

static const char *refs_user(const Refs *refs, const char *key) {
        for (size_t i = 0; refs->keys && refs->keys[i]; i += 2)
                if (streq(refs->keys[i], key))
                        return refs->keys[i + 1];
        return NULL;
}

/* "base-key KEY" (the whole base: a layer, or with format 2 a base) and "core KEY STAMP" */
static int refs_from_recipe(Refs *refs, const char *text, const char *dir) {
        _cleanup_free_ char *copy = strdup(text);
        char *save = NULL;
        int r = 0;

        if (!copy)
                return -ENOMEM;
        for (char *line = strtok_r(copy, "\n", &save); line && r >= 0; line = strtok_r(NULL, "\n", &save)) {
                if (strneq(line, "base-key ", 9))
                        r = refs_add(refs, line + 9, dir);
                else if (strneq(line, "core ", 5)) {
                        line[5 + strcspn(line + 5, " ")] = 0;
                        r = refs_add(refs, line + 5, dir);
                }
        }
        return r;
}

static int refs_collect(Refs *refs) {
        _cleanup_(closedirp) DIR *d = opendir(MACHINES_DIR);
        struct dirent *de;

        if (!d)
                return errno == ENOENT ? 0 : negative_errno();
        while ((de = readdir(d))) {
                _cleanup_free_ char *path = NULL, *text = NULL;
                int r;

                if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
                        continue;
                path = path_join(MACHINES_DIR, de->d_name);
                if (!path)
                        return -ENOMEM;
                /* resolved inside the rootfs: a symlink planted there never leads root out of it */
                if (read_file_in_root(path, RECIPE_IN_ROOTFS, &text) < 0)
                        continue;
                r = refs_from_recipe(refs, text, de->d_name);
                if (r < 0)
                        return r;
        }
        return 0;
}

typedef struct Gc {
        const char *cache_dir;
        bool dry_run;
        uint64_t freed;
        char **kept; /* the entries kept: their packages stay in the archive cache */
} Gc;

static uint64_t size_of(const char *path) {
        uint64_t bytes = 0, shared;
        bool complete;

        /* what removing it frees: not the blocks it shares with an app copied from it */
        return disk_usage(path, &bytes, &shared, &complete) >= 0 ? bytes - (shared < bytes ? shared : bytes)
                                                                 : 0;
}

static void unlink_suffix(const char *dir, const char *key, const char *suffix) {
        _cleanup_free_ char *p = NULL;

        if (asprintf(&p, "%s/%s%s", dir, key, suffix) >= 0)
                (void) unlink(p);
}

/* Removes DIR/NAME (an entry or a leftover KEY.tmp) under its lock, never one a create holds. */
static int gc_remove(Gc *gc, const char *dir, const char *what, const char *key, const char *name) {
        _cleanup_free_ char *path = path_join(dir, name), *lock = NULL, *doomed = NULL;
        _cleanup_close_ int fd = -1;
        char size[16];
        uint64_t bytes;
        int r;

        if (!path || asprintf(&lock, "%s/%s.lock", dir, key) < 0 ||
                asprintf(&doomed, "%s/%s.tmp", dir, key) < 0)
                return log_oom();
        if (!gc->dry_run) {
                fd = cache_lock(lock, LOCK_EX, true);
                if (fd == -EWOULDBLOCK) {
                        printf("kept %s %.12s: a create is using it\n", what, key);
                        /* ... and its packages in the archive cache */
                        return strv_push(&gc->kept, TAKE_PTR(path)) < 0 ? log_oom() : 0;
                }
                if (fd < 0)
                        return log_error_errno(fd, "Failed to lock %s: %m", lock);
        }
        bytes = size_of(path);
        format_bytes(bytes, size);
        printf("%s %s %.12s (%s)\n", gc->dry_run ? "would remove" : "removing", what, key, size);
        gc->freed += bytes;
        if (gc->dry_run)
                return 0;
        /* out of the name that is used first: a half-removed entry is never taken for a whole one */
        if (!streq(path, doomed) && rename(path, doomed) < 0)
                return log_error_errno(negative_errno(), "Failed to rename %s: %m", path);
        r = remove_tree(doomed);
        if (r < 0)
                return log_error_errno(r, "Failed to remove %s: %m", doomed);
        unlink_suffix(dir, key, ".inputs");
        /* still locked: a create that opened this lock file meanwhile sees it unlinked and retries */
        unlink_suffix(dir, key, ".lock");
        return 0;
}

static int gc_kind(Gc *gc, const Refs *refs, const char *kind_dir, const char *what) {
        _cleanup_free_ char *dir = path_join(gc->cache_dir, kind_dir);
        _cleanup_(closedirp) DIR *d = NULL;
        _cleanup_strv_free_ char **names = NULL;
        struct dirent *de;
        int r;

        if (!dir)
                return log_oom();
        d = opendir(dir);
        if (!d)
                return errno == ENOENT ? 0 : log_error_errno(negative_errno(), "Failed to open %s: %m", dir);
        while ((de = readdir(d)))
                if (de->d_name[0] != '.' && strv_extend(&names, de->d_name) < 0)
                        return log_oom();
        for (size_t i = 0; names && names[i]; i++) {
                _cleanup_free_ char *key = strdup(names[i]);
                const char *user;
                bool tmp;

                if (!key)
                        return log_oom();
                tmp = strlen(key) == SHA256_HEX_SIZE - 1 + 4 && streq(key + SHA256_HEX_SIZE - 1, ".tmp");
                if (tmp)
                        key[SHA256_HEX_SIZE - 1] = 0;
                else if (!cache_key_is_valid(key))
                        continue; /* KEY.inputs, KEY.lock: with their entry */
                user = refs_user(refs, key);
                if (!tmp && user) {
                        _cleanup_free_ char *path = path_join(dir, key);
                        printf("kept %s %.12s: used by %s\n", what, key, user);
                        if (!path || strv_push(&gc->kept, TAKE_PTR(path)) < 0)
                                return log_oom();
                        continue;
                }
                r = gc_remove(gc, dir, tmp ? "half-built" : what, key, names[i]);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* The archive names of the packages in each kept entry */
static int needed_debs(Gc *gc, char ***ret) {
        _cleanup_strv_free_ char **all = calloc(1, sizeof(char *));

        if (!all)
                return log_oom();
        for (size_t i = 0; gc->kept && gc->kept[i]; i++) {
                _cleanup_strv_free_ char **l = NULL;
                _cleanup_fclose_ FILE *f = NULL;
                int fd = open_in_root(gc->kept[i], "var/lib/dpkg/status", O_RDONLY);

                if (fd < 0)
                        continue;
                f = fdopen(fd, "re");
                if (!f) {
                        safe_close(fd);
                        return log_oom();
                }
                if (dpkg_status_debs(f, &l) < 0)
                        return log_oom();
                for (size_t k = 0; l[k]; k++)
                        if (strv_extend(&all, l[k]) < 0)
                                return log_oom();
        }
        *ret = TAKE_PTR(all);
        return 0;
}

static int gc_archives(Gc *gc, int max_age_days) {
        _cleanup_free_ char *dir = NULL, *lock = NULL;
        _cleanup_strv_free_ char **needed = NULL;
        _cleanup_(closedirp) DIR *d = NULL;
        _cleanup_close_ int fd = -1;
        struct dirent *de;
        unsigned n = 0;
        uint64_t bytes = 0;
        time_t now = time(NULL);
        char size[16];
        int r;

        if (cache_archives_path(gc->cache_dir, &dir) < 0 ||
                asprintf(&lock, "%s/archives.lock", gc->cache_dir) < 0)
                return log_oom();
        d = opendir(dir);
        if (!d)
                return errno == ENOENT ? 0 : log_error_errno(negative_errno(), "Failed to open %s: %m", dir);
        if (!gc->dry_run) {
                fd = cache_lock(lock, LOCK_EX, true);
                if (fd == -EWOULDBLOCK) {
                        printf("kept the archives: a create is using them\n");
                        return 0;
                }
                if (fd < 0)
                        return log_error_errno(fd, "Failed to lock %s: %m", lock);
        }
        r = needed_debs(gc, &needed);
        if (r < 0)
                return r;
        while ((de = readdir(d))) {
                struct stat st;
                size_t l = strlen(de->d_name);

                if (l < 5 || !streq(de->d_name + l - 4, ".deb") ||
                        fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
                        continue;
                if (strv_contains(needed, de->d_name) &&
                        (max_age_days < 0 || now - st.st_mtime < (time_t) max_age_days * SECONDS_PER_DAY))
                        continue;
                n++;
                bytes += (uint64_t) st.st_blocks * 512;
                if (!gc->dry_run && unlinkat(dirfd(d), de->d_name, 0) < 0)
                        return log_error_errno(
                                negative_errno(), "Failed to remove %s/%s: %m", dir, de->d_name);
        }
        format_bytes(bytes, size);
        printf("%s %u archive(s) no kept base needs%s (%s)\n", gc->dry_run ? "would remove" : "removed", n,
                max_age_days >= 0 ? " or older than the age limit" : "", size);
        gc->freed += bytes;
        return 0;
}

int command_gc(const char *cache_dir, bool dry_run, int max_age_days) {
        _cleanup_strv_free_ char **keys = NULL;
        Refs refs = {};
        Gc gc = {.cache_dir = cache_dir, .dry_run = dry_run};
        char size[16];
        int r;

        if (geteuid() != 0)
                return log_error_errno(-EPERM, "must run as root (through sudo)");
        r = refs_collect(&refs);
        keys = refs.keys;
        if (r < 0)
                return log_error_errno(r, "Failed to read the recipes in %s: %m", MACHINES_DIR);
        r = gc_kind(&gc, &refs, "layers", "layer");
        if (r >= 0)
                r = gc_kind(&gc, &refs, "cores", "core");
        if (r >= 0) /* format 2's whole bases: a create no longer makes nor uses them */
                r = gc_kind(&gc, &refs, "bases", "base");
        if (r >= 0)
                r = gc_archives(&gc, max_age_days);
        strv_free(gc.kept);
        if (r < 0)
                return r;
        format_bytes(gc.freed, size);
        printf("%s %s\n", dry_run ? "would free" : "freed", size);
        return 0;
}
