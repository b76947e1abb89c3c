/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <sys/stat.h>

#include "chroot-exec.h"
#include "dry-run-actions.h"
#include "io-util.h"
#include "macro.h"
#include "path-util.h"
#include "process.h"

int command_line_format(char *const *argv, char **ret) {
        _cleanup_free_ char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);

        if (!f)
                return -ENOMEM;
        for (size_t i = 0; argv[i]; i++) {
                _cleanup_free_ char *q = shell_quote(argv[i]);
                if (!q) {
                        fclose(f);
                        return -ENOMEM;
                }
                fprintf(f, "%s%s", i > 0 ? " " : "", q);
        }
        if (fclose(f) != 0)
                return -ENOMEM;
        *ret = TAKE_PTR(buf);
        return 0;
}

static int print_command(Actions *a, const char *prefix, char *const *argv) {
        _cleanup_free_ char *line = NULL;
        int r = command_line_format(argv, &line);

        if (r < 0)
                return r;
        fprintf(a->out, "%s%s\n", prefix, line);
        return 0;
}

static int check_status(Actions *a, int r, int status) {
        if (r < 0)
                return r;
        if (status != 0) {
                a->last_status = status;
                return -EPROTO;
        }
        return 0;
}

int action_run(Actions *a, char *const *argv) {
        int r, status = 0;

        if (a->dry_run)
                return print_command(a, "", argv);
        r = process_run(argv, a->log_fd, &status);
        return check_status(a, r, status);
}

/* With a->progress: the child's output comes through a pipe that progress_pump() reads to its end
 * (into the log, and the progress line), then the child is reaped. ROOT NULL: no chroot. */
static int run_with_progress(Actions *a, const char *root, char *const *argv, int *ret_status) {
        _cleanup_close_ int rfd = -1, wfd = -1;
        int fds[2], r;
        pid_t pid;

        if (pipe2(fds, O_CLOEXEC) < 0)
                return negative_errno();
        rfd = fds[0];
        wfd = fds[1];
        r = root ? chroot_spawn(root, a->archives, argv, wfd, &pid)
                 : private_mount_ns_spawn(argv, wfd, &pid);
        if (r < 0)
                return r;
        /* ours closed: the pipe ends when the child and what it started are done */
        wfd = safe_close(wfd);
        progress_init(a->progress, a->progress->what);
        (void) progress_pump(rfd, a->log_fd, a->progress, a->progress_out);
        return process_wait(pid, ret_status);
}

int action_run_private(Actions *a, char *const *argv) {
        int r, status = 0;

        if (a->dry_run)
                return print_command(a, "unshare --mount --propagation private ", argv);
        if (a->progress)
                r = run_with_progress(a, NULL, argv, &status);
        else
                r = private_mount_ns_exec(argv, a->log_fd, &status);
        return check_status(a, r, status);
}

int action_chroot(Actions *a, const char *root, char *const *argv) {
        _cleanup_free_ char *prefix = NULL, *q = NULL;
        int r, status = 0;

        if (a->dry_run) {
                _cleanup_free_ char *qa = a->archives ? shell_quote(a->archives) : NULL;
                q = shell_quote(root);
                if (!q || (a->archives && !qa))
                        return -ENOMEM;
                /* the bind lives in the chroot's own mount namespace */
                if (a->archives ? asprintf(&prefix, "chroot %s (with %s bound on /var/cache/apt/archives) ",
                                          q, qa) < 0
                                : asprintf(&prefix, "chroot %s ", q) < 0)
                        return -ENOMEM;
                return print_command(a, prefix, argv);
        }
        if (a->progress)
                r = run_with_progress(a, root, argv, &status);
        else
                r = chroot_exec(root, a->archives, argv, a->log_fd, &status);
        return check_status(a, r, status);
}

int action_write_file(Actions *a, const char *path, const char *content, mode_t mode) {
        _cleanup_close_ int fd = -1;
        int r;

        if (a->dry_run) {
                size_t l = strlen(content);
                fprintf(a->out, "write %s (mode %04o):\n%s%s", path, (unsigned) mode, content,
                        l > 0 && content[l - 1] == '\n' ? "" : "\n");
                return 0;
        }
        /* a symlink planted in the rootfs must not redirect a write done as root */
        if (unlink(path) < 0 && errno != ENOENT)
                return negative_errno();
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0)
                return negative_errno();
        r = write_all(fd, content, strlen(content));
        if (r < 0)
                return r;
        return RET_NERRNO(fchmod(fd, mode));
}

int action_symlink(Actions *a, const char *target, const char *path) {
        if (a->dry_run) {
                _cleanup_free_ char *qt = shell_quote(target), *qp = shell_quote(path);
                if (!qt || !qp)
                        return -ENOMEM;
                fprintf(a->out, "ln -sfn %s %s\n", qt, qp);
                return 0;
        }
        if (unlink(path) < 0 && errno != ENOENT)
                return negative_errno();
        return RET_NERRNO(symlink(target, path));
}

int action_mkdir_p(Actions *a, const char *path, mode_t mode, uid_t uid, gid_t gid) {
        _cleanup_free_ char *p = strdup(path);

        if (!p)
                return -ENOMEM;
        if (a->dry_run) {
                _cleanup_free_ char *q = shell_quote(path);
                if (!q)
                        return -ENOMEM;
                if (uid != (uid_t) -1)
                        fprintf(a->out, "mkdir -p -m %04o %s  # new directories owned by %u:%u\n",
                                (unsigned) mode, q, (unsigned) uid, (unsigned) gid);
                else
                        fprintf(a->out, "mkdir -p -m %04o %s\n", (unsigned) mode, q);
                return 0;
        }
        for (char *s = p + 1;; s++) {
                bool last = *s == 0;

                if (!last && *s != '/')
                        continue;
                *s = 0;
                if (mkdir(p, mode) < 0) {
                        if (errno != EEXIST)
                                return negative_errno();
                } else if (uid != (uid_t) -1 && chown(p, uid, gid) < 0)
                        return negative_errno();
                if (last)
                        break;
                *s = '/';
        }
        return 0;
}

int copy_fd_to_new_at(int in, int dfd, const char *name, mode_t mode) {
        _cleanup_close_ int out = -1;
        char buf[65536];
        int r;

        if (lseek(in, 0, SEEK_SET) < 0)
                return negative_errno();
        /* O_EXCL|O_NOFOLLOW: never into a file or symlink someone put there */
        out = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (out < 0)
                return negative_errno();
        for (;;) {
                ssize_t n = read_retry(in, buf, sizeof(buf));
                if (n < 0)
                        return (int) n;
                if (n == 0)
                        break;
                r = write_all(out, buf, (size_t) n);
                if (r < 0)
                        return r;
        }
        return RET_NERRNO(fchmod(out, mode));
}

int action_copy_file(Actions *a, const char *from, const char *to, mode_t mode) {
        _cleanup_close_ int in = -1;

        if (a->dry_run)
                return action_copy_fd(a, -1, from, to, mode);
        in = open(from, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (in < 0)
                return negative_errno();
        return action_copy_fd(a, in, from, to, mode);
}

int action_copy_fd(Actions *a, int in, const char *from, const char *to, mode_t mode) {
        if (a->dry_run) {
                _cleanup_free_ char *qf = shell_quote(from), *qt = shell_quote(to);
                if (!qf || !qt)
                        return -ENOMEM;
                fprintf(a->out, "install -m %04o %s %s\n", (unsigned) mode, qf, qt);
                return 0;
        }
        if (unlink(to) < 0 && errno != ENOENT)
                return negative_errno();
        return copy_fd_to_new_at(in, AT_FDCWD, to, mode);
}

int log_tail(int fd, size_t lines, char **ret) {
        _cleanup_free_ char *buf = NULL;
        off_t size = lseek(fd, 0, SEEK_END);
        /* the tail is what explains a failure; a few KiB is plenty */
        off_t start = size > 16384 ? size - 16384 : 0;
        ssize_t n;
        char *p;

        if (size < 0)
                return negative_errno();
        buf = malloc((size_t) (size - start) + 1);
        if (!buf)
                return -ENOMEM;
        n = pread(fd, buf, (size_t) (size - start), start);
        if (n < 0)
                return negative_errno();
        buf[n] = 0;
        while (n > 0 && buf[n - 1] == '\n')
                buf[--n] = 0;
        p = buf + n;
        for (size_t k = 0; p > buf; p--)
                if (p[-1] == '\n' && ++k == lines)
                        break;
        *ret = strdup(p);
        return *ret ? 0 : -ENOMEM;
}
