/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <grp.h>
#include <pwd.h>
#include <sys/fsuid.h>
#include <sys/stat.h>

#include "config.h"
#include "parse-util.h"

#include "caller.h"
#include "macro.h"
#include "path-util.h"

void caller_done(Caller *c) {
        free(c->user);
        free(c->home);
        free(c->groups);
        *c = (Caller){};
}

bool caller_has_group(const Caller *c, gid_t gid) {
        if (gid == c->gid)
                return true;
        for (size_t i = 0; i < c->n_groups; i++)
                if (c->groups[i] == gid)
                        return true;
        return false;
}

void caller_filter_groups(const Caller *c, gid_t *groups, size_t *n_groups) {
        size_t k = 0;

        for (size_t i = 0; i < *n_groups; i++)
                if (caller_has_group(c, groups[i]))
                        groups[k++] = groups[i];
        *n_groups = k;
}

int caller_identify(uid_t conf_uid, Caller *ret) {
        _cleanup_(caller_done) Caller c = {};
        const char *sudo_uid = getenv("SUDO_UID"), *pkexec_uid = getenv("PKEXEC_UID");
        struct passwd *pw;
        unsigned id;
        int n = 0;

        /* sudo and pkexec set these themselves and do not let the caller's environment through */
        if (sudo_uid && parse_id(sudo_uid, &id) >= 0 && id != 0)
                c.uid = id;
        else if (pkexec_uid && parse_id(pkexec_uid, &id) >= 0 && id != 0)
                c.uid = id;
        else
                /* root itself, directly or through sudo: it acts for the conf's user */
                c.uid = conf_uid;

        errno = 0;
        pw = getpwuid(c.uid);
        if (!pw)
                return errno > 0 ? -errno : -ESRCH;
        c.gid = pw->pw_gid;
        if (c.uid != conf_uid && sudo_uid && getenv("SUDO_GID") && parse_id(getenv("SUDO_GID"), &id) >= 0)
                c.gid = id;
        c.user = strdup(pw->pw_name);
        c.home = strdup(pw->pw_dir);
        if (!c.user || !c.home)
                return -ENOMEM;
        if (!path_is_absolute(c.home) || !path_is_normalized(c.home))
                return -EINVAL;

        getgrouplist(c.user, c.gid, NULL, &n);
        c.groups = calloc((size_t) n + 1, sizeof(gid_t));
        if (!c.groups)
                return -ENOMEM;
        if (getgrouplist(c.user, c.gid, c.groups, &n) < 0)
                return -EIO;
        c.n_groups = (size_t) n;
        *ret = c;
        c = (Caller){};
        return 0;
}

int fs_ids_become(const Caller *c, FsIds *ret_saved) {
        FsIds s = {};
        int n;

        /* unprivileged (++dry-run as the user): we already are the caller */
        if (geteuid() != 0) {
                *ret_saved = s;
                return c->uid == getuid() ? 0 : -EPERM;
        }
        n = getgroups(0, NULL);
        if (n < 0)
                return negative_errno();
        s.groups = calloc((size_t) n + 1, sizeof(gid_t));
        if (!s.groups)
                return -ENOMEM;
        s.n_groups = getgroups(n, s.groups);
        if (s.n_groups < 0) {
                free(s.groups);
                return negative_errno();
        }
        /* Supplementary groups take part in every permission check; the caller's, not root's. */
        if (setgroups(c->n_groups, c->groups) < 0) {
                free(s.groups);
                return negative_errno();
        }
        /* The fs gid and uid are what the kernel checks file access against; unlike the effective
         * ids they can be switched back. Both calls return the previous value. */
        s.gid = (gid_t) setfsgid(c->gid);
        s.uid = (uid_t) setfsuid(c->uid);
        s.switched = true;
        /* setfs[ug]id() cannot report errors; a second call returns the current value */
        if ((uid_t) setfsuid(c->uid) != c->uid || (gid_t) setfsgid(c->gid) != c->gid) {
                (void) fs_ids_restore(&s); /* the switch failing is the error to report */
                return -EPERM;
        }
        *ret_saved = s;
        return 0;
}

int fs_ids_restore(FsIds *s) {
        int r = 0;

        if (!s->switched)
                return 0;
        /* Back to root's file system ids and groups; the capabilities return with fsuid 0. */
        setfsuid(s->uid);
        setfsgid(s->gid);
        if (setgroups((size_t) s->n_groups, s->groups) < 0)
                r = negative_errno();
        free(s->groups);
        *s = (FsIds){};
        return r;
}
