/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>

#include "macro.h"
#include "parse-util.h"
#include "path-util.h"
#include "user.h"

void invoker_done(Invoker *i) {
        free(i->name);
        free(i->home);
        *i = (Invoker){};
}

void user_spec_done(UserSpec *u) {
        free(u->name);
        strv_free(u->host_groups);
        *u = (UserSpec){};
}

static int parse_number(const char *s, unsigned *ret) {
        return parse_unsigned(s, 0, 0xfffffffeUL, ret);
}

int invoker_get(Invoker *ret) {
        const char *sudo_user = getenv("SUDO_USER");
        struct passwd *pw;
        unsigned uid, gid;
        Invoker i = {};

        /* only trust SUDO_* when we are root: otherwise anyone could claim to be anyone */
        if (getuid() == 0 && !isempty(sudo_user) && parse_number(getenv("SUDO_UID"), &uid) == 0 &&
                parse_number(getenv("SUDO_GID"), &gid) == 0) {
                pw = getpwnam(sudo_user);
                i.name = strdup(sudo_user);
                i.uid = (uid_t) uid;
                i.gid = (gid_t) gid;
                if (pw)
                        i.home = strdup(pw->pw_dir);
                else if (asprintf(&i.home, "/home/%s", sudo_user) < 0)
                        i.home = NULL;
        } else {
                const char *home = getenv("HOME");

                pw = getpwuid(getuid());
                if (!pw)
                        return -ESRCH;
                i.name = strdup(pw->pw_name);
                i.uid = getuid();
                i.gid = pw->pw_gid;
                i.home = strdup(!isempty(home) ? home : pw->pw_dir);
        }
        if (!i.name || !i.home) {
                invoker_done(&i);
                return -ENOMEM;
        }
        *ret = i;
        return 0;
}

#define fail error_text

static int host_groups(const char *name, gid_t primary, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ gid_t *gids = NULL;
        int n = 64;

        for (;;) {
                int k = n;
                gids = realloc(gids, sizeof(gid_t) * (size_t) n);
                if (!gids)
                        return -ENOMEM;
                if (getgrouplist(name, primary, gids, &k) >= 0) {
                        n = k;
                        break;
                }
                if (k <= n)
                        return -EIO;
                n = k;
        }
        for (int i = 0; i < n; i++) {
                struct group *gr;

                if (gids[i] == primary)
                        continue;
                gr = getgrgid(gids[i]);
                if (gr && !strv_contains(l, gr->gr_name) && strv_extend(&l, gr->gr_name) < 0)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

int user_spec_resolve(
        const char *user, uid_t uid, gid_t gid, const Invoker *inv, UserSpec *ret, char **ret_error) {
        _cleanup_(user_spec_done) UserSpec u = {};
        struct passwd *pw = NULL;
        int r;

        *ret_error = NULL;
        if (user) {
                pw = getpwnam(user);
                if (!pw && uid == (uid_t) -1)
                        return fail(ret_error,
                                "user '%s' does not exist on this host; pass --uid (and --gid)", user);
                u.name = strdup(user);
                u.uid = uid != (uid_t) -1 ? uid : pw->pw_uid;
                /* a user unknown to the host gets a personal group with the uid's number */
                u.gid = gid != (gid_t) -1 ? gid : pw ? pw->pw_gid : (gid_t) u.uid;
        } else {
                u.name = strdup(inv->name);
                u.uid = uid != (uid_t) -1 ? uid : inv->uid;
                u.gid = gid != (gid_t) -1 ? gid : inv->gid;
                pw = getpwnam(inv->name);
        }
        if (!u.name)
                return -ENOMEM;
        if (u.uid == 0 || streq(u.name, "root"))
                return fail(ret_error,
                        "refusing to make a container for root: run through sudo as your "
                        "user, or pass --user");
        if (!id_is_valid(u.uid) || !id_is_valid(u.gid))
                return fail(ret_error, "uid %u / gid %u out of range (" ID_RANGE_TEXT ")", (unsigned) u.uid,
                        (unsigned) u.gid);
        if (pw) {
                r = host_groups(pw->pw_name, pw->pw_gid, &u.host_groups);
                if (r < 0)
                        return r;
        }
        *ret = u;
        u = (UserSpec){};
        return 0;
}

/* Calls CB for each entry of a group(5) file until it returns non-zero. */
static int group_file_foreach(
        const char *path, int (*cb)(const char *name, gid_t gid, void *userdata), void *userdata) {
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        _cleanup_free_ char *line = NULL;
        size_t size = 0;

        if (!f)
                return negative_errno();
        while (getline(&line, &size, f) >= 0) {
                char *name = line, *colon1, *colon2;
                unsigned g;
                int r;

                colon1 = strchr(line, ':');
                if (!colon1)
                        continue;
                *colon1 = 0;
                colon2 = strchr(colon1 + 1, ':');
                if (!colon2)
                        continue;
                colon2[strcspn(colon2 + 1, ":\n") + 1] = 0;
                if (parse_number(colon2 + 1, &g) < 0)
                        continue;
                r = cb(name, (gid_t) g, userdata);
                if (r != 0)
                        return r;
        }
        return 0;
}

static int match_gid(const char *name, gid_t gid, void *userdata) {
        return gid == *(gid_t *) userdata;
}

int group_file_has_gid(const char *path, gid_t gid) {
        return group_file_foreach(path, match_gid, &gid);
}

typedef struct FilterState {
        char *const *names;
        char **found;
} FilterState;

static int collect(const char *name, gid_t gid, void *userdata) {
        FilterState *s = userdata;

        if (strv_contains(s->names, name) && !strv_contains(s->found, name))
                return strv_extend(&s->found, name);
        return 0;
}

int group_file_filter(const char *path, char *const *names, char ***ret) {
        FilterState s = {.names = names};
        int r = group_file_foreach(path, collect, &s);

        if (r == -ENOMEM) {
                strv_free(s.found);
                return r;
        }
        /* an unreadable file means no groups, not a failure: the user is what matters */
        if (!s.found && !(s.found = calloc(1, sizeof(char *))))
                return -ENOMEM;
        *ret = s.found;
        return 0;
}

int groupadd_argv(const UserSpec *u, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;

        if (strv_extend(&l, "groupadd") < 0 || strv_extend(&l, "-g") < 0 ||
                strv_extendf(&l, "%u", (unsigned) u->gid) < 0 || strv_extend(&l, u->name) < 0)
                return -ENOMEM;
        *ret = TAKE_PTR(l);
        return 0;
}

int useradd_argv(const UserSpec *u, char *const *groups, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ char *joined = NULL;

        if (strv_extend(&l, "useradd") < 0 || strv_extend(&l, "-m") < 0 || strv_extend(&l, "-u") < 0 ||
                strv_extendf(&l, "%u", (unsigned) u->uid) < 0 || strv_extend(&l, "-g") < 0 ||
                strv_extendf(&l, "%u", (unsigned) u->gid) < 0)
                return -ENOMEM;
        for (size_t i = 0; groups && groups[i]; i++) {
                char *j;
                if (asprintf(&j, "%s%s%s", strempty(joined), joined ? "," : "", groups[i]) < 0)
                        return -ENOMEM;
                free(joined);
                joined = j;
        }
        if (joined && (strv_extend(&l, "-G") < 0 || strv_extend(&l, joined) < 0))
                return -ENOMEM;
        if (strv_extend(&l, "-s") < 0 || strv_extend(&l, "/bin/bash") < 0 || strv_extend(&l, u->name) < 0)
                return -ENOMEM;
        *ret = TAKE_PTR(l);
        return 0;
}
