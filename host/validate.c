/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "config.h"

#include "arg-check.h"
#include "bind-stage.h"
#include "io-util.h"
#include "macro.h"
#include "passwd-file.h"
#include "path-util.h"
#include "validate.h"

static int why(char **ret_why, const char *format, ...) _printf_(2, 3);
static int why(char **ret_why, const char *format, ...) {
        va_list ap;

        va_start(ap, format);
        if (vasprintf(ret_why, format, ap) < 0)
                *ret_why = NULL;
        va_end(ap);
        return -EPERM;
}

static int read_fd(int fd, char **ret, size_t *ret_size) {
        return read_fd_all(fd, READ_FILE_MAX, ret, ret_size);
}

int open_in_root(const char *root, const char *path, int flags) {
        _cleanup_close_ int dfd = -1;
        struct open_how how = {
                .flags = (uint64_t) (flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK),
                .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
        };
        int fd;

        dfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return negative_errno();
        while (*path == '/')
                path++;
        fd = (int) syscall(SYS_openat2, dfd, path, &how, sizeof(how));
        return fd < 0 ? negative_errno() : fd;
}

int read_file_in_root_sized(const char *root, const char *path, char **ret, size_t *ret_size) {
        _cleanup_close_ int fd = open_in_root(root, path, O_RDONLY);
        int r;

        if (fd < 0)
                return fd;
        /* a FIFO or device planted by the container must not block or be read */
        r = fd_verify_regular(fd);
        if (r < 0)
                return r;
        return read_fd(fd, ret, ret_size);
}

int read_file_in_root(const char *root, const char *path, char **ret) {
        return read_file_in_root_sized(root, path, ret, NULL);
}

static int openat2_fd(int dfd, const char *path, int flags, uint64_t resolve) {
        struct open_how how = {
                .flags = (uint64_t) (flags | O_CLOEXEC | O_NOCTTY),
                .resolve = resolve,
        };
        int fd = (int) syscall(SYS_openat2, dfd, path, &how, sizeof(how));

        return fd < 0 ? negative_errno() : fd;
}

int rootfs_open(
        const char *machines_dir, const char *directory, int *ret_parent_fd, int *ret_fd, char **ret_why) {
        _cleanup_free_ char *parent = NULL;
        _cleanup_close_ int pfd = -1, fd = -1;
        const char *base;

        *ret_why = NULL;
        if (!path_is_absolute(directory) || !path_is_normalized(directory))
                return why(ret_why, "directory %s must be an absolute path without . or .. components",
                        directory);
        parent = path_dirname(directory);
        if (!parent)
                return -ENOMEM;
        base = path_basename(directory);
        /* only what make-app-container makes lives there: not /, not a host snapshot elsewhere */
        if (!streq(parent, machines_dir) || isempty(base))
                return why(ret_why,
                        "directory %s is not in %s, where make-app-container makes root file systems",
                        directory, machines_dir);
        /* no symlink on the way: what is checked through this fd is what is used or removed */
        pfd = openat2_fd(AT_FDCWD, machines_dir, O_RDONLY | O_DIRECTORY, RESOLVE_NO_SYMLINKS);
        if (pfd == -ELOOP)
                return why(ret_why, "directory %s: %s must be reached without symlinks", directory,
                        machines_dir);
        if (pfd < 0)
                return why(ret_why, "directory %s: %s: %s", directory, machines_dir, strerror(-pfd)), pfd;
        fd = openat(pfd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
        if (fd < 0 && (errno == ELOOP || errno == ENOTDIR))
                return why(ret_why, "directory %s is not a directory (a symlink?)", directory);
        if (fd < 0) {
                int r = negative_errno();
                return why(ret_why, "directory %s: %s", directory, strerror(-r)), r;
        }
        if (ret_parent_fd)
                *ret_parent_fd = TAKE_FD(pfd);
        *ret_fd = TAKE_FD(fd);
        return 0;
}

/* The value of the first "KEY value" line of TEXT, or NULL. */
static char *recipe_value(const char *text, const char *key) {
        size_t l = strlen(key);

        for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
                if (strneq(p, key, l) && p[l] == ' ')
                        return strndup(p + l + 1, strcspn(p + l + 1, "\n"));
        return NULL;
}

int rootfs_verify_made_for(int fd, const char *directory, const char *name, char **ret_why) {
        _cleanup_free_ char *text = NULL, *made_for = NULL;
        _cleanup_close_ int rfd = -1;
        struct stat st;
        int r;

        *ret_why = NULL;
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022))
                return why(ret_why,
                        "directory %s must be a directory owned by root and not writable by group or others",
                        directory);
        /* root's record, written only by make-app-container: a host snapshot or an admin's
         * container has none; RESOLVE_NO_SYMLINKS keeps it inside this very tree */
        rfd = openat2_fd(fd, RECIPE_IN_ROOTFS_PATH, O_RDONLY | O_NOFOLLOW | O_NONBLOCK,
                RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV);
        if (rfd == -EACCES)
                return why(ret_why, "directory %s: /%s: %s", directory, RECIPE_IN_ROOTFS_PATH,
                               strerror(EACCES)),
                       -EACCES;
        if (rfd < 0)
                return why(ret_why, "directory %s was not made by make-app-container (no /%s)", directory,
                        RECIPE_IN_ROOTFS_PATH);
        if (fstat(rfd, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022))
                return why(ret_why, "directory %s: /%s must be a file of root's not writable by others",
                        directory, RECIPE_IN_ROOTFS_PATH);
        r = read_fd(rfd, &text, NULL);
        if (r < 0)
                return r;
        made_for = recipe_value(text, "name");
        if (!made_for)
                return why(ret_why, "directory %s: its /%s names no app", directory, RECIPE_IN_ROOTFS_PATH);
        if (name && !streq(made_for, name))
                return why(
                        ret_why, "directory %s was made for the app %s, not %s", directory, made_for, name);
        return 0;
}

int validate_rootfs(const char *directory, const char *user, uid_t uid, char **ret_why) {
        _cleanup_free_ char *real = NULL;
        _cleanup_close_ int fd = -1;
        struct stat st, root_st;
        int r;

        *ret_why = NULL;
        r = rootfs_open(MACHINES_DIR, directory, NULL, &fd, ret_why);
        if (r < 0)
                return r;
        real = realpath(directory, NULL);
        if (!real)
                return r = negative_errno(), why(ret_why, "directory %s: %s", directory, strerror(-r)), r;
        /* nspawn resolves the path again later; a symlink the user controls could be swapped meanwhile */
        if (!streq(real, directory))
                return why(ret_why, "directory %s must not contain symlinks (it resolves to %s)", directory,
                        real);
        if (stat("/", &root_st) < 0 || stat(real, &st) < 0)
                return negative_errno();
        if (!S_ISDIR(st.st_mode))
                return why(ret_why, "directory %s is not a directory", directory);
        /* booting the host's own root file system would hand the host to the container */
        if (st.st_dev == root_st.st_dev && st.st_ino == root_st.st_ino)
                return why(ret_why, "directory %s is the host's root directory", directory);

        /* every component up to / decides who could swap the tree under us */
        for (char *p = real;;) {
                struct stat s;

                if (lstat(real, &s) < 0)
                        return negative_errno();
                if (s.st_uid != 0 || (s.st_mode & 022))
                        return why(ret_why,
                                "directory %s: %s must be owned by root and not writable by group or others "
                                "(owner %u, mode %04o)",
                                directory, real, (unsigned) s.st_uid, (unsigned) (s.st_mode & 07777));
                p = strrchr(real, '/');
                if (!p || p == real) {
                        if (lstat("/", &s) < 0)
                                return negative_errno();
                        if (s.st_uid != 0 || (s.st_mode & 022))
                                return why(ret_why, "directory %s: / is writable by others", directory);
                        break;
                }
                *p = 0;
        }

        /* any app of this user's: several launchers may share one rootfs with other grants */
        r = rootfs_verify_made_for(fd, directory, NULL, ret_why);
        if (r < 0)
                return r;

        return rootfs_verify_user(directory, user, uid, ret_why);
}

int rootfs_verify_user(const char *directory, const char *user, uid_t uid, char **ret_why) {
        _cleanup_free_ char *passwd = NULL;
        uid_t found_uid;
        int r;

        /* another user's container is root-owned too; it does not list this user */
        r = read_file_in_root(directory, "/etc/passwd", &passwd);
        if (r < 0)
                return why(ret_why, "directory %s: cannot read etc/passwd: %s", directory, strerror(-r));
        r = passwd_file_find(passwd, user, &found_uid, NULL, NULL, NULL);
        if (r < 0 || found_uid != uid)
                return why(ret_why, "directory %s: its etc/passwd has no user %s with uid %u", directory,
                        user, (unsigned) uid);
        return 0;
}

static int faccessat2_now(const char *path, int mode) {
        /* the raw system call: glibc's fallback for AT_EACCESS emulates with stat() and the
         * effective uid, which is root's */
        if (syscall(SYS_faccessat2, AT_FDCWD, path, mode, AT_EACCESS) < 0)
                return negative_errno();
        return 0;
}

int access_as_caller(const Caller *c, const char *path, int mode) {
        FsIds saved;
        int r, q;

        r = fs_ids_become(c, &saved);
        if (r < 0)
                return r;
        r = faccessat2_now(path, mode);
        q = fs_ids_restore(&saved);
        return r < 0 ? r : q;
}

int open_as_caller(const Caller *c, const char *path, int flags) {
        _cleanup_close_ int fd = -1;
        FsIds saved;
        int r, q;

        r = fs_ids_become(c, &saved);
        if (r < 0)
                return r;
        fd = open(path, flags | O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        r = fd < 0 ? negative_errno() : 0;
        q = fs_ids_restore(&saved);
        if (r < 0)
                return r;
        if (q < 0)
                return q;
        r = fd_verify_regular(fd);
        return r < 0 ? r : TAKE_FD(fd);
}

int read_file_as_caller(const Caller *c, const char *path, char **ret, size_t *ret_size) {
        _cleanup_close_ int fd = open_as_caller(c, path, 0);

        if (fd < 0)
                return fd;
        return read_fd(fd, ret, ret_size);
}

int mkdir_p_as_caller(const Caller *c, const char *path) {
        _cleanup_free_ char *p = strdup(path);
        FsIds saved;
        int r, q;

        if (!p)
                return -ENOMEM;
        r = fs_ids_become(c, &saved);
        if (r < 0)
                return r;
        for (char *s = p + 1;; s++) {
                if (*s != '/' && *s)
                        continue;
                char save = *s;
                *s = 0;
                if (mkdir(p, 0700) < 0 && errno != EEXIST) {
                        r = negative_errno();
                        break;
                }
                *s = save;
                if (!save)
                        break;
        }
        q = fs_ids_restore(&saved);
        return r < 0 ? r : q;
}

/* openat2() as the caller (their fs ids and groups) of PATH, following symlinks with the caller's
 * rights, as O_PATH: what is checked here is this inode, and with the fd (not the name) nothing
 * swapped in later counts. */
int open_path_as_caller(const Caller *c, const char *path, int *ret_fd) {
        struct open_how how = {
                .flags = O_PATH | O_CLOEXEC,
                .resolve = RESOLVE_NO_MAGICLINKS,
        };
        FsIds saved;
        int fd, r, q;

        r = fs_ids_become(c, &saved);
        if (r < 0)
                return r;
        fd = (int) syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
        r = fd < 0 ? negative_errno() : 0;
        q = fs_ids_restore(&saved);
        if (r < 0)
                return r;
        if (q < 0) {
                safe_close(fd);
                return q;
        }
        *ret_fd = fd;
        return 0;
}

int fd_access_as_caller(const Caller *c, int fd, int mode) {
        FsIds saved;
        int r, q;

        r = fs_ids_become(c, &saved);
        if (r < 0)
                return r;
        /* the raw system call, see faccessat2_now() */
        r = syscall(SYS_faccessat2, fd, "", mode, AT_EACCESS | AT_EMPTY_PATH) < 0 ? negative_errno() : 0;
        q = fs_ids_restore(&saved);
        return r < 0 ? r : q;
}

/* The bind source as an fd: a regular file or directory (a FIFO would block nspawn, a device node
 * would hand over a device no grant names) the caller may read, and write when bound read-write. */
static int bind_source_check(const Caller *c, const BindMount *b, int *ret_fd, char **ret_why) {
        _cleanup_close_ int fd = -1;
        struct stat st;
        int r;

        r = open_path_as_caller(c, b->source, &fd);
        if (r >= 0 && fstat(fd, &st) < 0)
                r = negative_errno();
        if (r < 0)
                return r; /* the caller says why, with the optional binds in mind */
        if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
                return why(ret_why, "bind %s: %s is not a regular file or directory", b->source, b->source);
        r = fd_access_as_caller(c, fd, b->read_only ? R_OK : R_OK | W_OK);
        if (r < 0)
                return why(ret_why, "bind %s: %s is not %s by %s: %s", b->source, b->source,
                        b->read_only ? "readable" : "readable and writable", c->user, strerror(-r));
        *ret_fd = TAKE_FD(fd);
        return 0;
}

static int dir_is_empty(int fd) {
        _cleanup_close_ int dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR *d;
        struct dirent *de;
        int r = 1;

        if (dfd < 0)
                return negative_errno();
        d = fdopendir(dfd);
        if (!d)
                return negative_errno();
        TAKE_FD(dfd);
        while ((de = readdir(d)))
                if (!streq(de->d_name, ".") && !streq(de->d_name, "..")) {
                        r = 0;
                        break;
                }
        closedir(d);
        return r;
}

/* nspawn resolves the destination inside the rootfs, following symlinks there, and mounts over
 * whatever it finds: a destination must not be anything the image provides. Each component is
 * opened from ROOTFS_FD without following symlinks; the first missing one ends the walk (nspawn
 * creates the rest). What exists must be an empty directory or file (a mount point nspawn made),
 * or, below the user's home, the user's own. */
static int bind_destination_check(const Caller *c, int rootfs_fd, const BindMount *b, char **ret_why) {
        _cleanup_free_ char *copy = strdup(b->destination);
        _cleanup_close_ int fd = -1;
        char *save = NULL;
        struct stat st;

        if (!copy)
                return -ENOMEM;
        fd = fcntl(rootfs_fd, F_DUPFD_CLOEXEC, 3);
        if (fd < 0)
                return negative_errno();
        for (char *p = strtok_r(copy, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
                struct open_how how = {
                        .flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
                        .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
                };
                int next = (int) syscall(SYS_openat2, fd, p, &how, sizeof(how));

                if (next < 0 && errno == ENOENT)
                        return 0;
                if (next < 0)
                        return why(ret_why, "bind %s: cannot look up %s in the container: %s", b->source,
                                b->destination, strerror(errno));
                safe_close(fd);
                fd = next;
                if (fstat(fd, &st) < 0)
                        return negative_errno();
                if (S_ISLNK(st.st_mode))
                        return why(ret_why, "bind %s: %s in the container is reached through a symlink (%s)",
                                b->source, b->destination, p);
                if (save && *save && !S_ISDIR(st.st_mode))
                        return why(ret_why, "bind %s: %s in the container is not below a directory",
                                b->source, b->destination);
        }
        if (path_is_below(b->destination, c->home) && st.st_uid == c->uid)
                return 0;
        /* nspawn leaves the mount points it made: empty directories and empty files */
        if (S_ISDIR(st.st_mode) && dir_is_empty(fd) > 0)
                return 0;
        if (S_ISREG(st.st_mode) && st.st_size == 0)
                return 0;
        return why(ret_why,
                "bind %s: %s exists in the container's image; a bind may only land on a new path, an "
                "empty directory or an empty file",
                b->source, b->destination);
}

int socket_check_as_caller(const Caller *c, const char *path, int *ret_fd) {
        _cleanup_close_ int fd = -1;
        struct stat st;
        int r;

        if (!arg_is_safe(path) || !path_is_absolute(path))
                return -EINVAL;
        r = open_path_as_caller(c, path, &fd);
        if (r < 0)
                return r;
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISSOCK(st.st_mode))
                return -ENOTSOCK;
        /* a socket another user made reachable is still theirs: their session bus or sound server
         * would take the app's requests as their own */
        if (st.st_uid != c->uid && st.st_uid != 0)
                return -EPERM;
        /* connect(2) needs write permission on the socket inode */
        r = fd_access_as_caller(c, fd, R_OK | W_OK);
        if (r >= 0 && ret_fd)
                *ret_fd = TAKE_FD(fd);
        return r;
}

/* nspawn gets the root-owned staging path of the inode checked above, not the user's path */
static int stage_source(const char *stage_dir, size_t k, int fd, BindMount *b, char **ret_why) {
        char key[32];
        char *staged = NULL;
        int r;

        snprintf(key, sizeof(key), "%zu", k);
        r = bind_stage_fd(stage_dir, key, fd, &staged);
        if (r < 0) {
                why(ret_why, "bind %s: cannot stage it in %s: %s", b->source, stage_dir, strerror(-r));
                return r;
        }
        free(b->source);
        b->source = staged;
        return 0;
}

int validate_binds(const Caller *c, const char *rootfs, const char *stage_dir, BindMount *binds,
        size_t *n_binds, char **ret_why) {
        _cleanup_close_ int rootfs_fd = -1;
        bool reachable;
        size_t k = 0;
        int r = 0;

        *ret_why = NULL;
        rootfs_fd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
        /* a dry run as the user may not see into a root-only machines directory: the privileged
         * half checks the destinations for real */
        if (rootfs_fd < 0 && !(errno == EACCES && geteuid() != 0))
                return negative_errno();
        /* The image's home is the user's own. Where the user can reach the image on the host, they
         * could plant a symlink there between this check and nspawn's mount, which follows it
         * (inside the container's root: over its /etc, say). A machines directory of mode 0700 (as
         * systemd's /var/lib/machines) keeps them out. */
        reachable = rootfs_fd >= 0 && access_as_caller(c, rootfs, X_OK) >= 0;
        for (size_t i = 0; i < *n_binds; i++) {
                BindMount *b = binds + i;
                _cleanup_close_ int fd = -1;

                if (!arg_is_safe(b->source) || !arg_is_safe(b->destination))
                        r = why(ret_why, "bind %s: paths must not contain %s", b->source, ARG_UNSAFE_TEXT);
                else if (!b->fixed_destination && !bind_destination_allowed(b->destination, c->home))
                        r = why(ret_why,
                                "bind %s: destination %s is not allowed: a bind "
                                "lands " BIND_DESTINATION_TEXT,
                                b->source, b->destination);
                else if (reachable && path_is_below(b->destination, c->home))
                        r = why(ret_why,
                                "bind %s: %s is reachable by %s on the host, who could swap a symlink into "
                                "its home before nspawn mounts %s; make its parent directory mode 0700",
                                b->source, rootfs, c->user, b->destination);
                else {
                        r = bind_source_check(c, b, &fd, ret_why);
                        if (r == -ENOENT && b->optional && strstr(b->source, "/.cache/app-container/")) {
                                r = mkdir_p_as_caller(c, b->source);
                                if (r >= 0)
                                        r = bind_source_check(c, b, &fd, ret_why);
                        }
                        if (r == -ENOENT && b->optional) {
                                bind_mount_done(b);
                                continue;
                        }
                        if (r < 0 && !*ret_why)
                                r = why(ret_why, "bind %s: %s is not %s by %s: %s", b->source, b->source,
                                        b->read_only ? "readable" : "readable and writable", c->user,
                                        strerror(-r));
                        if (r >= 0 && rootfs_fd >= 0)
                                r = bind_destination_check(c, rootfs_fd, b, ret_why);
                        if (r >= 0 && stage_dir)
                                r = stage_source(stage_dir, k, fd, b, ret_why);
                }
                if (r < 0) {
                        for (size_t j = i; j < *n_binds; j++)
                                bind_mount_done(binds + j);
                        *n_binds = k;
                        return r;
                }
                if (k != i) {
                        binds[k] = *b;
                        *b = (BindMount){};
                }
                k++;
        }
        *n_binds = k;
        return 0;
}
