/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "macro.h"
#include "path-util.h"
#include "refcount.h"

int refcount_dir_ensure(const char *dir) {
        struct stat st;

        if (mkdir(dir, 0755) < 0 && errno != EEXIST)
                return negative_errno();
        if (lstat(dir, &st) < 0)
                return negative_errno();
        if (!S_ISDIR(st.st_mode))
                return -ENOTDIR;
        /* as root the directory must be ours alone: the locks in it decide when containers stop */
        if (geteuid() == 0 && (st.st_uid != 0 || (st.st_mode & 022)))
                return -EPERM;
        return 0;
}

static int open_lock_file(const char *dir, const char *name, const char *suffix, uid_t owner) {
        _cleanup_free_ char *p = NULL;
        _cleanup_close_ int fd = -1;
        struct stat st;

        if (asprintf(&p, "%s/%s.%s", dir, name, suffix) < 0)
                return -ENOMEM;
        /* The user's warm path (agent.h) locks them read-only, which flock allows. */
        if (geteuid() != 0) {
                fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
                return fd < 0 ? negative_errno() : TAKE_FD(fd);
        }
        /* O_NOFOLLOW in root's own DIR: nobody but root creates or renames anything there */
        fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode) || st.st_nlink != 1)
                return -EPERM;
        /* The owner's alone: whoever can open a lock file can hold it, and with it block the app
         * from starting (NAME.lock) or keep it running (NAME.ref). */
        if (st.st_uid != owner && fchown(fd, owner, (gid_t) -1) < 0)
                return negative_errno();
        if ((st.st_mode & 07777) != 0600 && fchmod(fd, 0600) < 0)
                return negative_errno();
        return TAKE_FD(fd);
}

static int lock_fd(int fd, int operation) {
        while (flock(fd, operation) < 0)
                if (errno != EINTR)
                        return negative_errno();
        return 0;
}

int refcount_mutex_lock(const char *dir, const char *name, uid_t owner, int *ret_fd) {
        _cleanup_close_ int fd = open_lock_file(dir, name, "lock", owner);
        int r;

        if (fd < 0)
                return fd;
        r = lock_fd(fd, LOCK_EX);
        if (r < 0)
                return r;
        *ret_fd = TAKE_FD(fd);
        return 0;
}

int refcount_hold(const char *dir, const char *name, uid_t owner, int *ret_fd) {
        _cleanup_close_ int fd = open_lock_file(dir, name, "ref", owner);
        int r;

        if (fd < 0)
                return fd;
        r = lock_fd(fd, LOCK_SH);
        if (r < 0)
                return r;
        *ret_fd = TAKE_FD(fd);
        return 0;
}

int refcount_release(const char *dir, const char *name, uid_t owner, int *ref_fd) {
        _cleanup_close_ int fd = -1;

        *ref_fd = safe_close(*ref_fd);
        fd = open_lock_file(dir, name, "ref", owner);
        if (fd < 0)
                return fd;
        if (flock(fd, LOCK_EX | LOCK_NB) < 0)
                return errno == EWOULDBLOCK ? 0 : negative_errno();
        /* closing fd releases the exclusive lock again; the caller still holds the mutex */
        return 1;
}

int refcount_count(const char *dir, const char *name) {
        _cleanup_free_ char *p = NULL, *line = NULL;
        _cleanup_fclose_ FILE *f = NULL;
        struct stat st;
        size_t size = 0;
        int n = 0;

        if (asprintf(&p, "%s/%s.ref", dir, name) < 0)
                return -ENOMEM;
        if (stat(p, &st) < 0)
                return errno == ENOENT ? 0 : negative_errno();
        f = fopen("/proc/locks", "re");
        if (!f)
                return negative_errno();
        /* "1: FLOCK  ADVISORY  READ 1234 fe:01:5678 0 EOF"; blocked waiters carry a "->" */
        while (getline(&line, &size, f) > 0) {
                char type[16], mode[16], access[16];
                unsigned maj, min;
                unsigned long ino;
                int pid;

                if (strstr(line, "->"))
                        continue;
                if (sscanf(line, "%*d: %15s %15s %15s %d %x:%x:%lu", type, mode, access, &pid, &maj, &min,
                            &ino) != 7)
                        continue;
                if (streq(type, "FLOCK") && streq(access, "READ") && ino == st.st_ino &&
                        maj == major(st.st_dev) && min == minor(st.st_dev))
                        n++;
        }
        return n;
}
