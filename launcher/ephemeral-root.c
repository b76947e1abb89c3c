/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ephemeral-root.h"
#include "io-util.h"
#include "macro.h"
#include "names.h"

/* EPHEMERAL_ROOTS_DIR: root's, 0700, made if missing; never a symlink or anyone else's */
static int open_roots_dir(void) {
        if (mkdir(RUN_DIR, 0755) < 0 && errno != EEXIST)
                return negative_errno();
        if (mkdir(EPHEMERAL_ROOTS_DIR, 0700) < 0 && errno != EEXIST)
                return negative_errno();
        return root_dir_open(EPHEMERAL_ROOTS_DIR, 077);
}

int ephemeral_root_detach(const char *name) {
        _cleanup_free_ char *path = NULL;

        if (ephemeral_root_path(name, &path) < 0)
                return -ENOMEM;
        /* stacked mounts of killed launchers too; EINVAL: no mount (left) there */
        for (int i = 0; i < 64; i++)
                if (umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW) < 0)
                        return errno == EINVAL || errno == ENOENT ? 0 : negative_errno();
        return -EBUSY;
}

int ephemeral_root_mount(const char *name, const char *directory, const UserNsMap *map) {
        struct mount_attr attr = {.attr_set = MOUNT_ATTR_IDMAP};
        _cleanup_close_ int dir = -1, userns = -1, tree = -1;
        int r;

        dir = open_roots_dir();
        if (dir < 0)
                return dir;
        r = ephemeral_root_detach(name);
        if (r < 0)
                return r;
        if (mkdirat(dir, name, 0755) < 0 && errno != EEXIST)
                return negative_errno();
        r = idmap_userns_open_range(map, &userns);
        if (r < 0)
                return r;
        /* a detached copy of the rootfs (host root: CAP_SYS_ADMIN), idmapped as nspawn's
         * ownership=map would, then attached in root's directory */
        tree = (int) syscall(SYS_open_tree, AT_FDCWD, directory,
                OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW);
        if (tree < 0)
                return negative_errno();
        attr.userns_fd = (uint64_t) userns;
        if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0)
                return errno == EINVAL ? -EOPNOTSUPP : negative_errno();
        if (syscall(SYS_move_mount, tree, "", dir, name, MOVE_MOUNT_F_EMPTY_PATH) < 0)
                return negative_errno();
        return 0;
}
