/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <grp.h>
#include <pwd.h>
#include <sys/capability.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "config.h"
#include "parse-util.h"

#include "macro.h"
#include "path-util.h"
#include "privilege.h"

#define SUDO_PATH "/usr/bin/sudo"
#define PKEXEC_PATH "/usr/bin/pkexec"

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
                fs_ids_restore(&s);
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

int privilege_drop(uid_t uid, gid_t gid, const gid_t *groups, size_t n_groups, bool nested) {
        cap_t caps;
        int r;

        if (uid == 0 || gid == 0)
                return -EPERM;

        /* Supplementary groups first: once we are not root, setgroups() is refused. These are the
         * user's groups as the container's /etc/group lists them. */
        if (setgroups(n_groups, groups) < 0)
                return negative_errno();

        /* Real, effective and saved gid: there is no way back to gid 0 after this. */
        if (setresgid(gid, gid, gid) < 0)
                return negative_errno();

        /* Empty the bounding set while we still have CAP_SETPCAP: no later execve() of a binary with
         * file capabilities can gain any. */
        for (int cap = 0; prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; cap++) {
                /* nested: what newuidmap and newgidmap need to write the maps, and nothing else */
                if (nested && (cap == CAP_SETUID || cap == CAP_SETGID))
                        continue;
                if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
                        return negative_errno();
        }

        /* Ambient capabilities would survive execve() as a non-root user. */
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
                return negative_errno();

        /* Without keep-caps, setresuid() away from 0 clears the permitted and effective sets. */
        if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
                return negative_errno();

        /* Real, effective and saved uid: root is gone for good. */
        if (setresuid(uid, uid, uid) < 0)
                return negative_errno();

        /* Say it explicitly rather than rely on the rule above: all capability sets empty. */
        caps = cap_init();
        if (!caps)
                return -ENOMEM;
        r = cap_set_proc(caps) < 0 ? negative_errno() : 0;
        cap_free(caps);
        if (r < 0)
                return r;

        /* Nothing the app executes (setuid binaries, file capabilities) can raise privileges again;
         * nested: file capabilities count, up to CAP_SETUID and CAP_SETGID (the bounding set). */
        if (!nested && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return negative_errno();

        /* Paranoia, as bubblewrap: getting root back must fail now. */
        if (setresuid(0, 0, 0) >= 0 || setresgid(0, 0, 0) >= 0)
                return -EPERM;
        return 0;
}

const char *privilege_helper(Privilege p, bool gui, bool stdin_is_tty) {
        switch (p) {
        case PRIVILEGE_SUDO:
                return SUDO_PATH;
        case PRIVILEGE_PKEXEC:
                return PKEXEC_PATH;
        default:
                /* a desktop icon has no terminal for sudo to ask on; polkit's agent can */
                return gui && !stdin_is_tty ? PKEXEC_PATH : SUDO_PATH;
        }
}

int privilege_reexec(const char *helper, char *const *tail) {
        _cleanup_strv_free_ char **argv = NULL;
        struct stat st;
        int r;

        /* The user's copy of the launcher may be writable by the user; only the root-owned
         * installed binary may run as root. */
        if (stat(APPCTL_PATH, &st) < 0)
                return negative_errno();
        if (st.st_uid != 0 || (st.st_mode & 022) || !S_ISREG(st.st_mode))
                return -EPERM;

        r = strv_extend(&argv, helper);
        if (r >= 0 && streq(helper, SUDO_PATH))
                /* -n: never prompt; the sudoers rule is NOPASSWD or this fails with a clear message */
                r = strv_extend(&argv, "-n");
        if (r >= 0 && streq(helper, SUDO_PATH))
                r = strv_extend(&argv, "--");
        if (r >= 0)
                r = strv_extend(&argv, APPCTL_PATH);
        for (size_t i = 0; r >= 0 && tail && tail[i]; i++)
                r = strv_extend(&argv, tail[i]);
        if (r < 0)
                return r;
        execv(helper, argv);
        return negative_errno();
}
