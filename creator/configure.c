/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "configure.h"
#include "macro.h"
#include "path-util.h"

const char *const masked_units[] = {
        "apt-daily.timer",
        "apt-daily-upgrade.timer",
        "e2scrub_all.timer",
        "dpkg-db-backup.timer",
        "fstrim.timer",
        NULL,
};

static int write_in(Actions *a, const char *root, const char *rel, const char *content) {
        _cleanup_free_ char *p = path_join(root, rel);

        if (!p)
                return -ENOMEM;
        return action_write_file(a, p, content, 0644);
}

static int symlink_in(Actions *a, const char *root, const char *target, const char *rel) {
        _cleanup_free_ char *p = path_join(root, rel), *dir = NULL;
        int r;

        if (!p || !(dir = path_dirname(p)))
                return -ENOMEM;
        r = action_mkdir_p(a, dir, 0755, (uid_t) -1, (gid_t) -1);
        if (r < 0)
                return r;
        return action_symlink(a, target, p);
}

int configure_rootfs(Actions *a, const char *root, const char *name) {
        _cleanup_free_ char *hostname = NULL, *netdir = NULL;
        int r;

        if (asprintf(&hostname, "%s\n", name) < 0)
                return -ENOMEM;
        r = write_in(a, root, "etc/hostname", hostname);
        if (r < 0)
                return r;

        /* systemd-tmpfiles would otherwise clean the host's /tmp/.X11-unix through the bind mount */
        r = symlink_in(a, root, "/dev/null", "etc/tmpfiles.d/x11.conf");
        if (r < 0)
                return r;

        /* written whatever --network says: the launcher's ++network can switch modes per start */
        netdir = path_join(root, "etc/systemd/network");
        if (!netdir)
                return -ENOMEM;
        r = action_mkdir_p(a, netdir, 0755, (uid_t) -1, (gid_t) -1);
        if (r < 0)
                return r;
        r = write_in(a, root, MV_NETWORK_FILE, MV_NETWORK_TEXT);
        if (r < 0)
                return r;
        r = symlink_in(a, root, "/lib/systemd/system/systemd-networkd.service",
                "etc/systemd/system/multi-user.target.wants/systemd-networkd.service");
        if (r < 0)
                return r;

        /* symlink_in() created etc/systemd/system above */
        for (size_t i = 0; masked_units[i]; i++) {
                _cleanup_free_ char *p = NULL;
                if (asprintf(&p, "%s/etc/systemd/system/%s", root, masked_units[i]) < 0)
                        return -ENOMEM;
                r = action_symlink(a, "/dev/null", p);
                if (r < 0)
                        return r;
        }
        return 0;
}

int configure_user(Actions *a, const char *root, const char *lookup_root, const UserSpec *u) {
        _cleanup_free_ char *group_file = path_join(lookup_root, "etc/group");
        _cleanup_strv_free_ char **groups = NULL, **argv = NULL;
        int r;

        if (!group_file)
                return -ENOMEM;
        r = group_file_has_gid(group_file, u->gid);
        if (r < 0 && !a->dry_run)
                return r;
        /* an existing group with that gid (users, say) becomes the primary group as it is */
        if (r <= 0) {
                r = groupadd_argv(u, &argv);
                if (r < 0)
                        return r;
                r = action_chroot(a, root, argv);
                if (r < 0)
                        return r;
                strv_free(argv);
                argv = NULL;
        }

        r = group_file_filter(group_file, u->host_groups, &groups);
        if (r < 0)
                return r;
        r = useradd_argv(u, groups, &argv);
        if (r < 0)
                return r;
        return action_chroot(a, root, argv);
}
