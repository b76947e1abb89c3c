/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdint.h>

#include "group-file.h"
#include "macro.h"

/* NGROUPS_MAX is 65536 on Linux; a container user in more groups than this is not a real one. */
#define GROUPS_MAX 1024

static bool member_listed(const char *members, size_t len, const char *user) {
        size_t ul = strlen(user);
        const char *p = members, *end = members + len;

        while (p < end) {
                const char *comma = memchr(p, ',', (size_t) (end - p));
                size_t l = comma ? (size_t) (comma - p) : (size_t) (end - p);

                if (l == ul && strneq(p, user, ul))
                        return true;
                p += l + 1;
        }
        return false;
}

static bool contains(const gid_t *l, size_t n, gid_t g) {
        for (size_t i = 0; i < n; i++)
                if (l[i] == g)
                        return true;
        return false;
}

/* One "name:password:gid:members" line; returns false if it is not well formed. */
static bool parse_line(
        const char *line, size_t len, gid_t *ret_gid, const char **ret_members, size_t *ret_mlen) {
        const char *f[4];
        const char *p = line, *end = line + len;
        unsigned long long gid = 0;

        f[0] = line;
        for (int i = 1; i < 4; i++) {
                const char *c = memchr(p, ':', (size_t) (end - p));
                if (!c)
                        return false;
                f[i] = p = c + 1;
        }
        if (f[0][0] == '#' || f[1] - f[0] <= 1 || f[3] - f[2] <= 1 ||
                memchr(f[3], ':', (size_t) (end - f[3])))
                return false;
        for (const char *c = f[2]; c < f[3] - 1; c++) {
                if (*c < '0' || *c > '9')
                        return false;
                gid = gid * 10 + (unsigned long long) (*c - '0');
                if (gid >= UINT32_MAX)
                        return false;
        }
        *ret_gid = (gid_t) gid;
        *ret_members = f[3];
        *ret_mlen = (size_t) (end - f[3]);
        return true;
}

int group_file_user_gids(const char *text, const char *user, gid_t primary, gid_t **ret, size_t *ret_n) {
        _cleanup_free_ gid_t *l = malloc(sizeof(gid_t) * GROUPS_MAX);
        size_t n = 0;
        const char *p = text;

        if (!l)
                return -ENOMEM;
        l[n++] = primary;
        while (p && *p) {
                const char *nl = strchrnul(p, '\n');
                size_t len = (size_t) (nl - p), mlen;
                const char *members;
                gid_t gid;

                if (parse_line(p, len, &gid, &members, &mlen) && member_listed(members, mlen, user) &&
                        !contains(l, n, gid)) {
                        if (n >= GROUPS_MAX)
                                return -E2BIG;
                        l[n++] = gid;
                }
                p = *nl ? nl + 1 : nl;
        }
        *ret = TAKE_PTR(l);
        *ret_n = n;
        return 0;
}
