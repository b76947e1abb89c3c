/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include "macro.h"
#include "path-util.h"
#include "session-bus.h"

int session_bus_env(uid_t uid, DbusMode mode, char ***ret) {
        _cleanup_strv_free_ char **env = NULL;
        int r;

        r = strv_extendf(&env, "XDG_RUNTIME_DIR=" INSIDE_RUNTIME_DIR_PREFIX "/%u", (unsigned) uid);
        if (r >= 0 && mode == DBUS_OFF)
                r = strv_extendf(&env,
                        "DBUS_SESSION_BUS_ADDRESS=unix:path=" INSIDE_RUNTIME_DIR_PREFIX
                        "/%u/" INSIDE_SESSION_BUS_NAME,
                        (unsigned) uid);
        /* GLib's own answer for a session bus without dconf (flatpak's too): a key file in
         * ~/.config/glib-2.0/settings, in the container's home */
        if (r >= 0 && mode == DBUS_FILTERED)
                r = strv_extend(&env, "GSETTINGS_BACKEND=keyfile");
        if (r < 0)
                return r;
        *ret = TAKE_PTR(env);
        return 0;
}

int session_bus_argv(uid_t uid, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        int r;

        r = strv_extend(&l, DBUS_DAEMON_PATH);
        if (r >= 0)
                r = strv_extend(&l, "--session");
        if (r >= 0)
                r = strv_extend(&l, "--fork");
        if (r >= 0)
                r = strv_extend(&l, "--nopidfile");
        if (r >= 0)
                r = strv_extendf(&l,
                        "--address=unix:path=" INSIDE_RUNTIME_DIR_PREFIX "/%u/" INSIDE_SESSION_BUS_NAME,
                        (unsigned) uid);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}

int runtime_dir_ensure(uid_t uid, gid_t gid) {
        _cleanup_close_ int run = -1, users = -1, dir = -1;
        char name[16];
        struct stat st;
        bool made;

        snprintf(name, sizeof name, "%u", (unsigned) uid);
        run = open("/run", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (run < 0)
                return negative_errno();
        if (mkdirat(run, "user", 0755) < 0 && errno != EEXIST)
                return negative_errno();
        users = openat(run, "user", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (users < 0)
                return negative_errno();
        if (fstat(users, &st) < 0)
                return negative_errno();
        /* only root may make entries there, or a user could plant another's runtime dir */
        if (st.st_uid != 0 || (st.st_mode & 0022))
                return -EPERM;
        made = mkdirat(users, name, 0700) >= 0;
        if (!made && errno != EEXIST)
                return negative_errno();
        dir = openat(users, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dir < 0 || fstat(dir, &st) < 0)
                return negative_errno();
        /* Privilege change: the directory becomes the user's, through the fd of the directory just
         * made (by us, or by a launcher racing us) in root's /run/user. */
        if ((made || st.st_uid == 0) &&
                (fchown(dir, uid, gid) < 0 || fchmod(dir, 0700) < 0 || fstat(dir, &st) < 0))
                return negative_errno();
        return st.st_uid == uid ? 0 : -EPERM;
}
