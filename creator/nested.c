/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <stdio.h>
#include <sys/capability.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "io-util.h"
#include "macro.h"
#include "nested.h"
#include "path-util.h"

#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* A setuid-root helper becomes a binary with one file capability: no euid 0 for anyone. */
static int cap_instead_of_setuid(Actions *a, const char *path, const char *caps) {
        struct stat st;
        cap_t c;
        int r;

        if (a->dry_run) {
                fprintf(a->out, "chmod u-s %s\nsetcap %s %s\n", path, caps, path);
                return 0;
        }
        if (lstat(path, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode) || st.st_uid != 0)
                return -EPERM;
        if (chmod(path, st.st_mode & 0755) < 0)
                return negative_errno();
        c = cap_from_text(caps);
        if (!c)
                return -ENOMEM;
        r = cap_set_file(path, c) < 0 ? negative_errno() : 0;
        cap_free(c);
        return r;
}

/* the end (start + count) of the last range in "name:start:count" lines */
static uint64_t subid_text_end(const char *text) {
        uint64_t end = 0;

        for (const char *l = text; l && *l; l = strchrnul(l, '\n'), l += !!*l) {
                unsigned long long start, count;
                const char *colon = strchr(l, ':');

                if (!colon || colon > strchrnul(l, '\n') || sscanf(colon, ":%llu:%llu", &start, &count) != 2)
                        continue;
                end = MAX(end, (uint64_t) start + count);
        }
        return end;
}

int subid_pick(const char *host_subuid, const char *host_subgid, const char *registry, const char *key,
        uint32_t *ret_start, bool *ret_new) {
        uint64_t end = MAX(subid_text_end(host_subuid), subid_text_end(host_subgid)), start;

        for (const char *l = registry; l && *l; l = strchrnul(l, '\n'), l += !!*l) {
                unsigned long long s, n;
                int k = -1;

                if (sscanf(l, "%llu %llu %n", &s, &n, &k) != 2 || k < 0)
                        continue;
                if (strneq(l + k, key, strlen(key)) && (l[k + strlen(key)] == '\n' || !l[k + strlen(key)])) {
                        *ret_start = (uint32_t) s;
                        *ret_new = false;
                        return 0;
                }
                end = MAX(end, (uint64_t) s + n);
        }
        start = MAX(end, (uint64_t) NESTED_SUBID_START);
        start = (start + NESTED_SUBID_COUNT - 1) / NESTED_SUBID_COUNT * NESTED_SUBID_COUNT;
        /* uid_t -1 is no uid, and 65534 ids below it are what every system reserves */
        if (start + NESTED_SUBID_COUNT >= UINT32_MAX)
                return -ERANGE;
        *ret_start = (uint32_t) start;
        *ret_new = true;
        return 0;
}

/* KEY's range from the registry, allocated and recorded under its lock if new */
static int subid_allocate(const char *key, uint32_t *ret_start) {
        _cleanup_free_ char *uid_text = NULL, *gid_text = NULL, *registry = NULL, *line = NULL;
        _cleanup_close_ int fd = -1;
        bool created;
        int r;

        if (mkdir("/var/lib/app-container", 0755) < 0 && errno != EEXIST)
                return negative_errno();
        r = read_file_nofollow("/etc/subuid", &uid_text);
        if (r < 0 && r != -ENOENT)
                return r;
        r = read_file_nofollow("/etc/subgid", &gid_text);
        if (r < 0 && r != -ENOENT)
                return r;
        /* root's own file in root's directory; the lock makes two creates pick different ranges */
        fd = open(NESTED_SUBID_REGISTRY, O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0)
                return negative_errno();
        r = fd_verify_regular(fd);
        if (r < 0)
                return r;
        if (flock(fd, LOCK_EX) < 0)
                return negative_errno();
        r = read_fd_all(fd, 4 * 1024 * 1024, &registry, NULL);
        if (r < 0)
                return r;
        r = subid_pick(uid_text, gid_text, registry, key, ret_start, &created);
        if (r < 0 || !created)
                return r;
        if (asprintf(&line, "%u %u %s\n", *ret_start, NESTED_SUBID_COUNT, key) < 0)
                return -ENOMEM;
        return write_all(fd, line, strlen(line));
}

/* FILE (the container's /etc/subuid or subgid) with USER's lines replaced by one of START */
static int subid_write(const char *file, const char *user, uint32_t start) {
        _cleanup_free_ char *text = NULL, *out = NULL;
        _cleanup_close_ int fd = -1;
        size_t n = strlen(user), len = 0;
        FILE *f;
        int r;

        r = read_file_nofollow(file, &text);
        if (r < 0 && r != -ENOENT)
                return r;
        f = open_memstream(&out, &len);
        if (!f)
                return -ENOMEM;
        /* useradd in the container gave the user 100000:65536 like every first user: not theirs */
        for (const char *l = text; l && *l; l = strchrnul(l, '\n'), l += !!*l) {
                const char *e = strchrnul(l, '\n');
                if (!(strneq(l, user, n) && l[n] == ':'))
                        fprintf(f, "%.*s\n", (int) (e - l), l);
        }
        fprintf(f, "%s:%u:%u\n", user, start, NESTED_SUBID_COUNT);
        if (fclose(f) != 0)
                return -ENOMEM;
        fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0)
                return negative_errno();
        return write_all(fd, out, len);
}

int configure_nested(Actions *a, const char *root, const char *key, const char *user) {
        static const struct {
                const char *file, *caps;
        } helpers[] = {
                {"usr/bin/newuidmap", "cap_setuid=ep"},
                {"usr/bin/newgidmap", "cap_setgid=ep"},
        };
        uint32_t start = 0;
        int r = 0;

        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(helpers); i++) {
                _cleanup_free_ char *p = path_join(root, helpers[i].file);
                r = p ? cap_instead_of_setuid(a, p, helpers[i].caps) : -ENOMEM;
        }
        if (r < 0)
                return r;
        if (a->dry_run) {
                fprintf(a->out, "# a sub-id range of %s's own, above /etc/subuid, /etc/subgid and %s\n", key,
                        NESTED_SUBID_REGISTRY);
                fprintf(a->out, "echo '%s:START:%u' > %s/etc/subuid; the same in %s/etc/subgid\n", user,
                        NESTED_SUBID_COUNT, root, root);
                return 0;
        }
        r = subid_allocate(key, &start);
        for (size_t i = 0; r >= 0 && i < 2; i++) {
                _cleanup_free_ char *p = path_join(root, i == 0 ? "etc/subuid" : "etc/subgid");
                r = p ? subid_write(p, user, start) : -ENOMEM;
        }
        return r;
}
