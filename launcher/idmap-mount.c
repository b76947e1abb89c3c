/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <linux/openat2.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/fsuid.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "idmap-mount.h"
#include "io-util.h"
#include "macro.h"
#include "path-util.h"
#include "process.h"

static int pidfd_alive(int pidfd) {
        return syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) < 0 ? negative_errno() : 0;
}

int leader_uid_map(pid_t pid, int pidfd, UserNsMap *ret) {
        _cleanup_fclose_ FILE *f = NULL;
        char path[64];
        unsigned long inside, outside, count;

        snprintf(path, sizeof(path), "/proc/%d/uid_map", (int) pid);
        f = fopen(path, "re");
        if (!f)
                return negative_errno();
        if (fscanf(f, "%lu %lu %lu", &inside, &outside, &count) != 3)
                return -EBADMSG;
        /* read before the check: alive now means the map was the leader's, not a recycled pid's */
        if (pidfd_alive(pidfd) < 0)
                return -ESRCH;
        if (inside == 0 && outside == 0)
                return -ENOMEDIUM; /* the identity: the host's own user namespace */
        /* one line from 0, whole slots: what nspawn makes of pick or of SHIFT:RANGE */
        if (inside != 0 || count < USERNS_RANGE || count % USERNS_RANGE != 0 || outside + count > UINT32_MAX)
                return -EBADMSG;
        *ret = (UserNsMap){.shift = (uid_t) outside, .range = (uint32_t) count};
        return 0;
}

static int write_map(pid_t pid, const char *which, unsigned id, unsigned outside, unsigned count) {
        _cleanup_close_ int fd = -1;
        char path[64], line[64];
        int n;

        snprintf(path, sizeof(path), "/proc/%d/%s", (int) pid, which);
        n = snprintf(line, sizeof(line), "%u %u %u\n", id, outside, count);
        fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        /* one write, as the kernel wants it */
        if (write(fd, line, (size_t) n) != n)
                return negative_errno();
        return 0;
}

/* UID..UID+COUNT-1 to SHIFT+UID.., GID alike */
static int userns_open(uid_t uid, gid_t gid, uid_t shift, uint32_t count, int *ret_fd) {
        _cleanup_close_ int fd = -1;
        char path[64];
        pid_t pid;
        int r;

        /* born in a new user namespace (no capability needed over it: we are its owner), does
         * nothing and waits to be killed; SIGKILL comes before it could run anything */
        pid = (pid_t) syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, NULL);
        if (pid < 0)
                return negative_errno();
        if (pid == 0) {
                for (;;)
                        pause();
        }
        /* as host root: CAP_SETUID and CAP_SETGID over the parent namespace allow any one-line
         * map, and allow a gid_map without first denying setgroups */
        r = write_map(pid, "uid_map", uid, shift + uid, count);
        if (r >= 0)
                r = write_map(pid, "gid_map", gid, shift + gid, count);
        if (r >= 0) {
                snprintf(path, sizeof(path), "/proc/%d/ns/user", (int) pid);
                fd = open(path, O_RDONLY | O_CLOEXEC);
                if (fd < 0)
                        r = negative_errno();
        }
        (void) kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
                ;
        if (r < 0)
                return r;
        *ret_fd = TAKE_FD(fd);
        return 0;
}

int idmap_userns_open(uid_t uid, gid_t gid, const UserNsMap *map, int *ret_fd) {
        if (uid >= map->range || gid >= map->range)
                return -ERANGE;
        return userns_open(uid, gid, map->shift, 1, ret_fd);
}

int idmap_userns_open_range(const UserNsMap *map, int *ret_fd) {
        return userns_open(0, 0, map->shift, map->range, ret_fd);
}

int idmap_supported(const char *path) {
        struct mount_attr attr = {.attr_set = MOUNT_ATTR_IDMAP};
        _cleanup_close_ int userns = -1, tree = -1;
        int r;

        r = idmap_userns_open(0, 0, &(UserNsMap){.shift = USERNS_RANGE, .range = USERNS_RANGE}, &userns);
        if (r < 0)
                return r;
        /* a detached copy, never attached anywhere: it goes with its fd */
        tree = (int) syscall(
                SYS_open_tree, AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW);
        if (tree < 0)
                return negative_errno();
        attr.userns_fd = (uint64_t) userns;
        if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0)
                return errno == EINVAL ? 0 : negative_errno();
        return 1;
}

/* DIR/NAME beneath the leader's root, never through a symlink or out of it. */
static int open_beneath(int dir, const char *name, int flags) {
        struct open_how how = {
                .flags = (uint64_t) (flags | O_NOFOLLOW | O_CLOEXEC),
                .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
        };
        int fd = (int) syscall(SYS_openat2, dir, name, &how, sizeof(how));

        return fd < 0 ? negative_errno() : fd;
}

/* NAME in DIR, made (when missing) by the owner of DIR: the fs ids become that owner's for the
 * mkdir/creat (which drops the capabilities over files), then root's again. The owner must be one
 * of the container's ids, or host root (nspawn's own mount points, as /run/app-container for the
 * sockets it binds: made by root before the container ran). */
static int make_as_dir_owner(int dir, const char *name, bool directory, const UserNsMap *map) {
        struct stat st;
        int r = 0, fd;

        if (fstat(dir, &st) < 0)
                return negative_errno();
        if (!(st.st_uid == 0 && st.st_gid == 0) &&
                (st.st_uid < map->shift || st.st_uid - map->shift >= map->range || st.st_gid < map->shift ||
                        st.st_gid - map->shift >= map->range))
                return -EPERM;
        setfsgid(st.st_gid);
        setfsuid(st.st_uid);
        if (directory) {
                if (mkdirat(dir, name, 0755) < 0 && errno != EEXIST)
                        r = negative_errno();
        } else {
                fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                if (fd < 0 && errno != EEXIST)
                        r = negative_errno();
                safe_close(fd);
        }
        setfsuid(0);
        setfsgid(0);
        return r;
}

/* The destination beneath ROOT, missing components made; an O_PATH fd of it. */
static int open_destination(int root, const char *destination, bool directory, const UserNsMap *map) {
        _cleanup_free_ char *copy = strdup(destination);
        _cleanup_close_ int dir = -1;
        char *p, *next;
        int r;

        if (!copy)
                return -ENOMEM;
        dir = fcntl(root, F_DUPFD_CLOEXEC, 3);
        if (dir < 0)
                return negative_errno();
        for (p = copy; *p == '/'; p++)
                ;
        while (*p) {
                bool last;
                int fd;

                next = strchrnul(p, '/');
                last = !*next || !next[strspn(next, "/")];
                *next = 0;
                if (streq(p, "..") || streq(p, "."))
                        return -EINVAL;
                fd = open_beneath(dir, p, O_PATH | (last && !directory ? 0 : O_DIRECTORY));
                if (fd == -ENOENT) {
                        r = make_as_dir_owner(dir, p, !last || directory, map);
                        if (r < 0)
                                return r;
                        fd = open_beneath(dir, p, O_PATH | (last && !directory ? 0 : O_DIRECTORY));
                }
                if (fd < 0)
                        return fd;
                safe_close(dir);
                dir = fd;
                if (last)
                        break;
                for (p = next + 1; *p == '/'; p++)
                        ;
        }
        return TAKE_FD(dir);
}

/* In a child: into the leader's mount namespace, the copy onto DESTINATION. Returns the exit
 * status: 0 or an errno. */
static int child_move(int leader_pidfd, int root, int tree, const char *destination, bool directory,
        const UserNsMap *map) {
        _cleanup_close_ int dest = -1;

        /* host root enters the mount namespace only (CAP_SYS_ADMIN over its owner, the container's
         * user namespace, is ours as its ancestor's root); the root fd, opened before, keeps
         * resolving in the container's tree */
        if (setns(leader_pidfd, CLONE_NEWNS) < 0)
                return negative_errno();
        dest = open_destination(root, destination, directory, map);
        if (dest < 0)
                return dest;
        if (syscall(SYS_move_mount, tree, "", dest, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) <
                0)
                return negative_errno();
        return 0;
}

/* In a child: into the leader's mount namespace, the node made in its directory and handed to the
 * container's uid. Returns 0 or a negative errno
 * (its exit status is the errno). */
static int child_mknod(int leader_pidfd, int root, const char *path, dev_t rdev, const UserNsMap *map,
        uid_t uid, gid_t gid) {
        _cleanup_free_ char *dir_path = strdup(path);
        _cleanup_close_ int dir = -1;
        char *slash;

        if (!dir_path || !(slash = strrchr(dir_path, '/')) || !slash[1])
                return -EINVAL;
        *slash = 0;
        if (setns(leader_pidfd, CLONE_NEWNS) < 0)
                return negative_errno();
        dir = open_destination(root, dir_path, true, map);
        if (dir < 0)
                return dir;
        /* host root: CAP_MKNOD over the host (the container's root has none); born 0600 and root's,
         * so nobody inside can open it before it is the user's */
        if (mknodat(dir, slash + 1, S_IFCHR | 0600, rdev) < 0)
                return negative_errno();
        if (fchownat(dir, slash + 1, map->shift + uid, map->shift + gid, AT_SYMLINK_NOFOLLOW) < 0)
                return negative_errno();
        return 0;
}

typedef struct MoveChild {
        int leader_pidfd, root, tree;
        const char *destination;
        bool directory;
        const UserNsMap *map;
} MoveChild;

typedef struct MknodChild {
        int leader_pidfd, root;
        const char *path;
        dev_t rdev;
        const UserNsMap *map;
        uid_t uid;
        gid_t gid;
} MknodChild;

/* process_fork() children: the exit code is the errno (0: done), read back by run_child() */
static int move_child(void *userdata) {
        const MoveChild *m = userdata;

        return -child_move(m->leader_pidfd, m->root, m->tree, m->destination, m->directory, m->map);
}

static int mknod_child(void *userdata) {
        const MknodChild *m = userdata;

        return -child_mknod(m->leader_pidfd, m->root, m->path, m->rdev, m->map, m->uid, m->gid);
}

static int run_child(int (*fn)(void *userdata), void *userdata) {
        pid_t pid;
        int status, r;

        r = process_fork(fn, userdata, &pid);
        if (r < 0)
                return r;
        r = process_wait_status(pid, &status);
        if (r < 0)
                return r;
        if (!WIFEXITED(status))
                return -EIO;
        return -WEXITSTATUS(status);
}

static int leader_root(pid_t leader, int leader_pidfd) {
        char path[64];
        int fd;

        snprintf(path, sizeof(path), "/proc/%d/root", (int) leader);
        fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        /* alive after the open: the pid was not recycled, so that root is the leader's */
        if (pidfd_alive(leader_pidfd) < 0) {
                safe_close(fd);
                return -ESRCH;
        }
        return fd;
}

int device_node_make(
        pid_t leader, int leader_pidfd, const UserNsMap *map, const char *path, uid_t uid, gid_t gid) {
        _cleanup_close_ int root = -1;
        struct stat st;

        if (uid >= map->range || gid >= map->range)
                return -ERANGE;
        /* the host's node, found by devices_list(): a character device, not a symlink */
        if (lstat(path, &st) < 0)
                return negative_errno();
        if (!S_ISCHR(st.st_mode))
                return -ENODEV;
        root = leader_root(leader, leader_pidfd);
        if (root < 0)
                return root;
        return run_child(mknod_child, &(MknodChild){leader_pidfd, root, path, st.st_rdev, map, uid, gid});
}

int idmap_mount(pid_t leader, int leader_pidfd, const UserNsMap *map, int userns_fd, const char *source,
        const char *destination, bool read_only) {
        struct mount_attr attr = {
                /* NOSUID and NODEV: no set-id bit and no device node of the user's folder gets power
                 * inside (the app's setuid file is the user's anyway; this is the second wall) */
                .attr_set = (userns_fd >= 0 ? MOUNT_ATTR_IDMAP : 0) | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
                        (read_only ? MOUNT_ATTR_RDONLY : 0),
                .userns_fd = userns_fd >= 0 ? (uint64_t) userns_fd : 0,
        };
        _cleanup_close_ int tree = -1, root = -1;
        struct stat st;

        /* a detached copy of what root staged (submounts included, each idmapped alike) */
        tree = (int) syscall(SYS_open_tree, AT_FDCWD, source,
                OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_SYMLINK_NOFOLLOW);
        if (tree < 0)
                return negative_errno();
        if (fstat(tree, &st) < 0)
                return negative_errno();
        if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) < 0)
                return errno == EINVAL ? -EOPNOTSUPP : negative_errno();

        root = leader_root(leader, leader_pidfd);
        if (root < 0)
                return root;

        return run_child(
                move_child, &(MoveChild){leader_pidfd, root, tree, destination, S_ISDIR(st.st_mode), map});
}
