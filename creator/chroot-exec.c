/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "chroot-exec.h"
#include "macro.h"
#include "path-util.h"
#include "process.h"

static int mount_under(
        const char *root, const char *what, const char *where, const char *type, unsigned long flags) {
        _cleanup_free_ char *p = path_join(root, where);

        if (!p)
                return -ENOMEM;
        return RET_NERRNO(mount(what, p, type, flags, NULL));
}

static int private_ns(int out_fd) {
        int r;

        r = process_child_setup(out_fd);
        if (r < 0)
                return r;
        if (unshare(CLONE_NEWNS) < 0)
                return negative_errno();
        /* without this, mounts below a shared mount point would propagate back to the host */
        return RET_NERRNO(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
}

/* ARCHIVES over ROOT/var/cache/apt/archives: a directory of the rootfs being built, never a
 * symlink (which the mount would follow out of ROOT) */
static int bind_archives(const char *root, const char *archives) {
        _cleanup_free_ char *p = path_join(root, "var/cache/apt/archives");
        struct stat st;

        if (!p)
                return -ENOMEM;
        if (lstat(p, &st) < 0)
                return negative_errno();
        if (!S_ISDIR(st.st_mode))
                return -ENOTDIR;
        return RET_NERRNO(mount(archives, p, NULL, MS_BIND, NULL));
}

typedef struct ChrootExec {
        const char *root; /* NULL: no chroot, only the private mount namespace */
        const char *archives;
        char *const *argv;
        int out_fd;
} ChrootExec;

static int chroot_child(const ChrootExec *c) {
        const char *root = c->root, *archives = c->archives;
        char *const *argv = c->argv;
        int out_fd = c->out_fd;
        int r;

        r = private_ns(out_fd);
        if (r < 0)
                return r;
        r = mount_under(root, "proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC);
        if (r < 0)
                return r;
        /* maintainer scripts want /dev/null, /dev/urandom, /dev/pts; a recursive bind is simplest */
        r = mount_under(root, "/dev", "dev", NULL, MS_BIND | MS_REC);
        if (r < 0)
                return r;
        r = mount_under(root, "sysfs", "sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
        if (r < 0)
                return r;
        if (archives) {
                r = bind_archives(root, archives);
                if (r < 0)
                        return r;
        }
        if (chroot(root) < 0 || chdir("/") < 0)
                return negative_errno();

        /* nothing of the caller's environment (sudo's, the user's locale) should reach dpkg */
        if (clearenv() != 0)
                return -ENOMEM;
        if (setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1) < 0 ||
                setenv("HOME", "/root", 1) < 0 || setenv("LC_ALL", "C", 1) < 0 ||
                setenv("DEBIAN_FRONTEND", "noninteractive", 1) < 0)
                return negative_errno();
        execvp(argv[0], argv);
        return negative_errno();
}

static int private_ns_child(const ChrootExec *c) {
        int r;

        r = private_ns(c->out_fd);
        if (r < 0)
                return r;
        execvp(c->argv[0], c->argv);
        return negative_errno();
}

/* In the forked child; returns only on failure, and then 127 ("could not run"), whatever failed. */
static int child(void *userdata) {
        const ChrootExec *c = userdata;
        int r = c->root ? chroot_child(c) : private_ns_child(c);

        if (c->root)
                fprintf(stderr, "chroot %s %s: %s\n", c->root, c->argv[0], strerror(-r));
        else
                fprintf(stderr, "%s: %s\n", c->argv[0], strerror(-r));
        return 127;
}

int chroot_spawn(const char *root, const char *archives, char *const *argv, int out_fd, pid_t *ret_pid) {
        return process_fork(child, &(ChrootExec){root, archives, argv, out_fd}, ret_pid);
}

int chroot_exec(const char *root, const char *archives, char *const *argv, int out_fd, int *ret_status) {
        return process_fork_and_wait(child, &(ChrootExec){root, archives, argv, out_fd}, ret_status);
}

int private_mount_ns_spawn(char *const *argv, int out_fd, pid_t *ret_pid) {
        return process_fork(child, &(ChrootExec){NULL, NULL, argv, out_fd}, ret_pid);
}

int private_mount_ns_exec(char *const *argv, int out_fd, int *ret_status) {
        return process_fork_and_wait(child, &(ChrootExec){NULL, NULL, argv, out_fd}, ret_status);
}
