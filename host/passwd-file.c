/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <pwd.h>
#include <stdio.h>

#include "macro.h"
#include "passwd-file.h"

/* libc's own parser of the passwd format (fgetpwent: no NSS, no module is loaded) over the bytes the
 * caller read safely; it skips comments and malformed lines. The launcher has one thread, so
 * fgetpwent's static buffer is ours. */
int passwd_file_find(const char *text, const char *user, uid_t *ret_uid, gid_t *ret_gid, char **ret_home,
        char **ret_shell) {
        _cleanup_free_ char *home = NULL, *shell = NULL;
        _cleanup_fclose_ FILE *f = NULL;
        struct passwd *pw;

        if (isempty(text))
                return -ENOENT;
        f = fmemopen((void *) text, strlen(text), "r");
        if (!f)
                return negative_errno();
        while ((pw = fgetpwent(f)))
                if (streq(pw->pw_name, user))
                        break;
        if (!pw)
                return -ENOENT;
        if ((ret_home && !(home = strdup(pw->pw_dir))) || (ret_shell && !(shell = strdup(pw->pw_shell))))
                return -ENOMEM;
        if (ret_uid)
                *ret_uid = pw->pw_uid;
        if (ret_gid)
                *ret_gid = pw->pw_gid;
        if (ret_home)
                *ret_home = TAKE_PTR(home);
        if (ret_shell)
                *ret_shell = TAKE_PTR(shell);
        return 0;
}
