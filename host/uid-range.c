/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io-util.h"
#include "macro.h"
#include "uid-range.h"

static uint64_t slot_up(uint64_t n) {
        return (n + UID_RANGE_SLOT - 1) / UID_RANGE_SLOT * UID_RANGE_SLOT;
}

uint32_t nested_subid_start(uid_t uid, gid_t gid) {
        uint64_t top = (uint64_t) (uid > gid ? uid : gid) + 1;

        return (uint32_t) slot_up(top > UID_RANGE_SLOT ? top : UID_RANGE_SLOT);
}

int uid_range_size(uid_t uid, gid_t gid, bool nested, uint32_t *ret_size) {
        uint64_t size = nested ? (uint64_t) nested_subid_start(uid, gid) + UID_RANGE_SLOT
                               : nested_subid_start(uid, gid);

        if (size > UID_RANGE_END - UID_RANGE_FIRST)
                return -ERANGE;
        *ret_size = (uint32_t) size;
        return 0;
}

/* One registry line: START SIZE NAME. 0 if it is not one (skipped: root writes every line, so a bad
 * one is a torn write of ours, whose ids are not in use). */
static bool parse_line(
        const char *l, const char *e, uint32_t *start, uint32_t *size, const char **name, size_t *name_len) {
        unsigned long long s, n;
        int k = -1;

        if (sscanf(l, "%llu %llu %n", &s, &n, &k) != 2 || k < 0 || l + k >= e)
                return false;
        if (s < UID_RANGE_FIRST || n == 0 || s + n > UID_RANGE_END)
                return false;
        *start = (uint32_t) s;
        *size = (uint32_t) n;
        *name = l + k;
        *name_len = (size_t) (e - (l + k));
        return true;
}

static bool name_is(const char *name, size_t len, const char *want) {
        return len == strlen(want) && strneq(name, want, len);
}

/* REGISTRY's lines but NAME's into F (when F), and whether [START, START+SIZE) meets another's */
static bool scan(const char *registry, const char *name, uint64_t start, uint64_t size, FILE *f) {
        bool overlaps = false;

        for (const char *l = registry; l && *l; l = strchrnul(l, '\n'), l += !!*l) {
                const char *e = strchrnul(l, '\n'), *n;
                uint32_t s, c;
                size_t len;

                if (!parse_line(l, e, &s, &c, &n, &len) || name_is(n, len, name))
                        continue;
                if (f)
                        fprintf(f, "%.*s\n", (int) (e - l), l);
                if (start < (uint64_t) s + c && s < start + size)
                        overlaps = true;
        }
        return overlaps;
}

int uid_range_drop(const char *registry, const char *name, char **ret_text) {
        _cleanup_free_ char *out = NULL;
        bool found = false;
        size_t len = 0;
        FILE *f;

        for (const char *l = registry; l && *l; l = strchrnul(l, '\n'), l += !!*l) {
                const char *e = strchrnul(l, '\n'), *n;
                uint32_t s, c;
                size_t k;

                if (parse_line(l, e, &s, &c, &n, &k) && name_is(n, k, name))
                        found = true;
        }
        f = open_memstream(&out, &len);
        if (!f)
                return -ENOMEM;
        (void) scan(registry, name, 0, 0, f);
        if (fclose(f) != 0)
                return -ENOMEM;
        *ret_text = TAKE_PTR(out);
        return found;
}

int uid_range_pick(const char *registry, const char *name, uint32_t size, uint32_t *ret_start, bool *ret_new,
        char **ret_text) {
        _cleanup_free_ char *out = NULL;
        size_t len = 0;
        uint64_t start;
        FILE *f;

        if (size == 0 || size % UID_RANGE_SLOT != 0)
                return -EINVAL;
        for (const char *l = registry; l && *l; l = strchrnul(l, '\n'), l += !!*l) {
                const char *e = strchrnul(l, '\n'), *n;
                uint32_t s, c;
                size_t k;

                /* big enough: the same ids as every start before (a smaller one is given up) */
                if (parse_line(l, e, &s, &c, &n, &k) && name_is(n, k, name) && c >= size) {
                        *ret_start = s;
                        *ret_new = false;
                        *ret_text = NULL;
                        return 0;
                }
        }
        for (start = UID_RANGE_FIRST; start + size <= UID_RANGE_END; start += UID_RANGE_SLOT)
                if (!scan(registry, name, start, size, NULL))
                        break;
        if (start + size > UID_RANGE_END)
                return -ENOSPC;
        f = open_memstream(&out, &len);
        if (!f)
                return -ENOMEM;
        (void) scan(registry, name, 0, 0, f);
        fprintf(f, "%llu %u %s\n", (unsigned long long) start, size, name);
        if (fclose(f) != 0)
                return -ENOMEM;
        *ret_start = (uint32_t) start;
        *ret_new = true;
        *ret_text = TAKE_PTR(out);
        return 0;
}

int state_dir_open(bool create) {
        if (create && mkdir(STATE_DIR, 0755) < 0 && errno != EEXIST)
                return negative_errno();
        /* a user who could swap the registry or the image would choose every container's ids or rootfs */
        return root_dir_open(STATE_DIR, 022);
}

/* the registry's text (NULL: none yet), only from a root-owned regular file */
static int read_registry(int dir, char **ret) {
        _cleanup_close_ int fd = -1;
        struct stat st;
        int r;

        fd = openat(dir, "uid-ranges", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT) {
                *ret = NULL;
                return 0;
        }
        if (fd < 0)
                return negative_errno();
        r = fd_verify_regular(fd);
        if (r < 0)
                return r;
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (st.st_uid != 0 || (st.st_mode & 022))
                return -EPERM;
        return read_fd_all(fd, READ_FILE_MAX, ret, NULL);
}

static int lock_registry(int dir) {
        int fd = openat(dir, "uid-ranges.lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

        if (fd < 0)
                return negative_errno();
        if (fd_verify_regular(fd) < 0 || flock(fd, LOCK_EX) < 0) {
                safe_close(fd);
                return -EIO;
        }
        return fd;
}

/* The registry's directory, its lock held, and its text: a change is read and written under one lock */
static int registry_begin(bool create, int *ret_dir, int *ret_lock, char **ret_text) {
        _cleanup_close_ int dir = -1, lock = -1;
        int r;

        dir = state_dir_open(create);
        if (dir < 0)
                return dir;
        lock = lock_registry(dir);
        if (lock < 0)
                return lock;
        r = read_registry(dir, ret_text);
        if (r < 0)
                return r;
        *ret_dir = TAKE_FD(dir);
        *ret_lock = TAKE_FD(lock);
        return 0;
}

int uid_range_get(const char *name, uint32_t size, uint32_t *ret_start) {
        _cleanup_close_ int dir = -1, lock = -1;
        _cleanup_free_ char *text = NULL, *out = NULL;
        bool created;
        int r;

        r = registry_begin(true, &dir, &lock, &text);
        if (r < 0)
                return r;
        r = uid_range_pick(text, name, size, ret_start, &created, &out);
        if (r < 0 || !created)
                return r;
        /* a fresh file renamed over the old: a reader never sees half */
        return write_file_atomic_at(dir, "uid-ranges", out, strlen(out), 0644, (uid_t) -1, (gid_t) -1);
}

int uid_range_free(const char *name) {
        _cleanup_close_ int dir = -1, lock = -1;
        _cleanup_free_ char *text = NULL, *out = NULL;
        int r;

        r = registry_begin(false, &dir, &lock, &text);
        if (r == -ENOENT)
                return 0;
        if (r < 0)
                return r;
        r = uid_range_drop(text, name, &out);
        if (r <= 0)
                return r;
        r = write_file_atomic_at(dir, "uid-ranges", out, strlen(out), 0644, (uid_t) -1, (gid_t) -1);
        return r < 0 ? r : 1;
}

int uid_range_lookup(const char *name, uint32_t *ret_start, uint32_t *ret_size) {
        _cleanup_close_ int dir = -1;
        _cleanup_free_ char *text = NULL;
        int r;

        dir = state_dir_open(false);
        if (dir < 0)
                return dir;
        r = read_registry(dir, &text);
        if (r < 0)
                return r;
        for (const char *l = text; l && *l; l = strchrnul(l, '\n'), l += !!*l) {
                const char *e = strchrnul(l, '\n'), *n;
                uint32_t s, c;
                size_t k;

                if (parse_line(l, e, &s, &c, &n, &k) && name_is(n, k, name)) {
                        *ret_start = s;
                        *ret_size = c;
                        return 0;
                }
        }
        return -ENOENT;
}
