/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <stdio.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io-util.h"
#include "macro.h"
#include "nested.h"
#include "path-util.h"

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

static int ensure_subid(Actions *a, const char *file, const char *user) {
        _cleanup_free_ char *text = NULL, *line = NULL, *prefix = NULL;
        _cleanup_close_ int fd = -1;
        int r;

        if (asprintf(&line, "%s:%u:%u\n", user, NESTED_SUBID_START, NESTED_SUBID_COUNT) < 0 ||
                asprintf(&prefix, "\n%s:", user) < 0)
                return -ENOMEM;
        if (a->dry_run) {
                fprintf(a->out, "grep -q '^%s:' %s || echo '%.*s' >> %s\n", user, file,
                        (int) strlen(line) - 1, line, file);
                return 0;
        }
        r = read_file_nofollow(file, &text);
        if (r < 0 && r != -ENOENT)
                return r;
        if (text && (strneq(text, prefix + 1, strlen(prefix) - 1) || strstr(text, prefix)))
                return 0; /* useradd gave the user a range already */
        fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0)
                return negative_errno();
        return write_all(fd, line, strlen(line));
}

int configure_nested(Actions *a, const char *root, const char *user) {
        static const struct {
                const char *file, *caps;
        } helpers[] = {
                {"usr/bin/newuidmap", "cap_setuid=ep"},
                {"usr/bin/newgidmap", "cap_setgid=ep"},
        };
        int r = 0;

        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(helpers); i++) {
                _cleanup_free_ char *p = path_join(root, helpers[i].file);
                r = p ? cap_instead_of_setuid(a, p, helpers[i].caps) : -ENOMEM;
        }
        for (size_t i = 0; r >= 0 && i < 2; i++) {
                _cleanup_free_ char *p = path_join(root, i == 0 ? "etc/subuid" : "etc/subgid");
                r = p ? ensure_subid(a, p, user) : -ENOMEM;
        }
        return r;
}
