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
