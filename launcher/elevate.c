/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

#include "elevate.h"
#include "macro.h"
#include "path-util.h"

#define SUDO_PATH "/usr/bin/sudo"
#define PKEXEC_PATH "/usr/bin/pkexec"

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
