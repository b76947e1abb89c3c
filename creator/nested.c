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
#include "uid-range.h"

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

int configure_nested(Actions *a, const char *root, const char *user, uid_t uid, gid_t gid) {
        static const struct {
                const char *file, *caps;
        } helpers[] = {
                {"usr/bin/newuidmap", "cap_setuid=ep"},
                {"usr/bin/newgidmap", "cap_setgid=ep"},
        };
        /* inside the container's own range (uid-range.h): ids of its user namespace, no host's */
        uint32_t start = nested_subid_start(uid, gid);
        int r = 0;

        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(helpers); i++) {
                _cleanup_free_ char *p = path_join(root, helpers[i].file);
                r = p ? cap_instead_of_setuid(a, p, helpers[i].caps) : -ENOMEM;
        }
        if (r < 0)
                return r;
        if (a->dry_run) {
                fprintf(a->out, "echo '%s:%u:%u' > %s/etc/subuid; the same in %s/etc/subgid\n", user,
                        (unsigned) start, NESTED_SUBID_COUNT, root, root);
                return 0;
        }
        for (size_t i = 0; r >= 0 && i < 2; i++) {
                _cleanup_free_ char *p = path_join(root, i == 0 ? "etc/subuid" : "etc/subgid");
                r = p ? subid_write(p, user, start) : -ENOMEM;
        }
        return r;
}
