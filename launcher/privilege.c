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
