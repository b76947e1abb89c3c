/* SPDX-License-Identifier: GPL-2.0-or-later */
/* try-syscall [--userns] NAME...: makes each system call NAME in a child of its own and prints
 * "NAME RESULT", RESULT being "ok" or the errno's name (EPERM, ENOSYS, ...). After flatpak's and
 * bubblewrap's tests/try-syscall.c: the arguments are chosen so that a call the seccomp filter lets
 * through fails with another errno (EFAULT, EBADF, EINVAL) without side effects, or, for the calls
 * an app needs, succeeds. tests/integration/test-seccomp.sh runs it as the app in a container.
 *
 * --userns: each child first tries unshare(CLONE_NEWUSER | CLONE_NEWNS), so that where the filter
 * allows user namespaces (userns = true, nested = true) the mount calls get past the kernel's capability
 * check and only the filter can refuse them with EPERM (mount-tmpfs and chroot-root then succeed, as they do
 * in a browser's sandbox); not for the calls that make a user namespace themselves (*-userns*: an unmapped
 * user cannot make another one).
 *
 * "inject" is the attack itself: TIOCSTI of "act-injected\n" into stdin's terminal. Statically
 * linked: it runs inside any container rootfs. */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef TIOCLINUX
#define TIOCLINUX 0x541C
#endif
#define HIGH_BITS (sizeof(long) > 4 ? (unsigned long) 0x1 << 32 : 0)
#define UFFD_USER_MODE_ONLY 1

static long child_exits(long pid) {
        int status;

        if (pid < 0)
                return -1;
        if (pid == 0)
                _exit(0);
        if (waitpid((pid_t) pid, &status, 0) < 0)
                return -1;
        return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : (errno = ECHILD, -1);
}

static long try_ioctl(int fd, unsigned long request) {
        char c = 'x';
        return syscall(SYS_ioctl, fd, request, &c);
}

#if defined(__x86_64__)
/* the i386 ABI of a 64-bit process: `int $0x80`; a filter for x86_64 alone would not see it */
static long i386_syscall3(long nr, long a, long b, long c) {
        long r;

        __asm__ volatile("int $0x80"
                         : "=a"(r)
                         : "a"(nr), "b"(a), "c"(b), "d"(c)
                         : "memory", "r8", "r9", "r10", "r11");
        if (r < 0 && r > -4096) {
                errno = (int) -r;
                return -1;
        }
        return r;
}
#define I386_IOCTL 54
#define X32_IOCTL (0x40000000 | 514)
#endif

static long do_inject(void) {
        for (const char *p = "act-injected\n"; *p; p++)
                if (ioctl(STDIN_FILENO, TIOCSTI, p) < 0)
                        return -1;
        return 0;
}

static long do_chmod(void) {
        char path[] = "/tmp/try-syscall.XXXXXX";
        int fd = mkstemp(path);
        long r;

        if (fd < 0)
                return -1;
        r = chmod(path, 0600);
        unlink(path);
        close(fd);
        return r;
}

static long do_listen(void) {
        sa_family_t family = AF_UNIX;
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

        /* an address of the family alone: the kernel picks an abstract name */
        if (fd < 0 || bind(fd, (const struct sockaddr *) &family, sizeof(family)) < 0)
                return -1;
        return listen(fd, 1);
}

/* what a sandbox does in the user namespace it made (the child's, with --userns): a tmpfs. Never
 * in the caller's mount namespace: a private one first (root may make one without a user namespace:
 * the unit test's child), its mounts private, so that nothing propagates back even where a broken
 * filter lets root mount. */
static long do_mount_tmpfs(void) {
        (void) unshare(CLONE_NEWNS);
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
                return -1;
        return mount("try-syscall", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=64k");
}

static long do_winsize(void) {
        struct winsize ws;
        int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        return fd < 0 ? -1 : ioctl(fd, TIOCGWINSZ, &ws);
}

static long call(const char *name) {
        if (strcmp(name, "inject") == 0)
                return do_inject();
        if (strcmp(name, "ioctl-TIOCSTI") == 0)
                return try_ioctl(-1, TIOCSTI);
        if (strcmp(name, "ioctl-TIOCSTI-high") == 0)
                return try_ioctl(-1, HIGH_BITS | TIOCSTI);
        if (strcmp(name, "ioctl-TIOCLINUX") == 0)
                return try_ioctl(-1, TIOCLINUX);
        if (strcmp(name, "ioctl-TIOCLINUX-high") == 0)
                return try_ioctl(-1, HIGH_BITS | TIOCLINUX);
#if defined(__x86_64__)
        if (strcmp(name, "ioctl-TIOCSTI-i386") == 0)
                return i386_syscall3(I386_IOCTL, -1, TIOCSTI, 0);
        if (strcmp(name, "ioctl-TIOCSTI-x32") == 0)
                return syscall(X32_IOCTL, -1, TIOCSTI, NULL);
#endif
        if (strcmp(name, "keyctl") == 0)
                return syscall(SYS_keyctl, 0xffff, 0, 0, 0, 0);
        if (strcmp(name, "add_key") == 0)
                return syscall(SYS_add_key, NULL, NULL, NULL, 0, 0);
        if (strcmp(name, "request_key") == 0)
                return syscall(SYS_request_key, NULL, NULL, NULL, 0);
        if (strcmp(name, "unshare-userns") == 0)
                return syscall(SYS_unshare, CLONE_NEWUSER);
        if (strcmp(name, "unshare-userns-high") == 0)
                return syscall(SYS_unshare, HIGH_BITS | CLONE_NEWUSER);
        if (strcmp(name, "clone-userns") == 0)
                return child_exits(syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0));
        if (strcmp(name, "clone3") == 0)
                return syscall(SYS_clone3, NULL, 0);
        if (strcmp(name, "mount") == 0)
                return syscall(SYS_mount, NULL, NULL, NULL, 0, NULL);
        if (strcmp(name, "umount2") == 0)
                return syscall(SYS_umount2, NULL, 0);
        if (strcmp(name, "pivot_root") == 0)
                return syscall(SYS_pivot_root, NULL, NULL);
        if (strcmp(name, "chroot") == 0)
                return syscall(SYS_chroot, NULL);
        if (strcmp(name, "mount-tmpfs") == 0)
                return do_mount_tmpfs();
        if (strcmp(name, "chroot-root") == 0)
                return chroot("/");
        if (strcmp(name, "fsopen") == 0)
                return syscall(SYS_fsopen, NULL, 0);
        if (strcmp(name, "fsconfig") == 0)
                return syscall(SYS_fsconfig, -1, -1, NULL, NULL, 0);
        if (strcmp(name, "fsmount") == 0)
                return syscall(SYS_fsmount, -1, 0, 0);
        if (strcmp(name, "fspick") == 0)
                return syscall(SYS_fspick, -1, NULL, 0);
        if (strcmp(name, "move_mount") == 0)
                return syscall(SYS_move_mount, -1, NULL, -1, NULL, 0);
        if (strcmp(name, "open_tree") == 0)
                return syscall(SYS_open_tree, -1, NULL, 0);
        if (strcmp(name, "mount_setattr") == 0)
                return syscall(SYS_mount_setattr, -1, NULL, 0, NULL, 0);
        if (strcmp(name, "bpf") == 0)
                return syscall(SYS_bpf, 5 /* BPF_PROG_LOAD */, NULL, 8);
        if (strcmp(name, "perf_event_open") == 0)
                return syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
        if (strcmp(name, "userfaultfd") == 0)
                return syscall(SYS_userfaultfd, UFFD_USER_MODE_ONLY | 0x4000000);
        if (strcmp(name, "kexec_load") == 0)
                return syscall(SYS_kexec_load, 0, 0, NULL, 0xffff0000);
        if (strcmp(name, "kexec_file_load") == 0)
                return syscall(SYS_kexec_file_load, -1, -1, 0, NULL, 0);
        if (strcmp(name, "personality-unsafe") == 0)
                return syscall(SYS_personality, PER_LINUX | ADDR_NO_RANDOMIZE);
        if (strcmp(name, "personality-linux32") == 0)
                return syscall(SYS_personality, PER_LINUX32);
        if (strcmp(name, "personality-query") == 0)
                return syscall(SYS_personality, 0xffffffff);
        /* what an app does every day */
        if (strcmp(name, "chmod") == 0)
                return do_chmod();
        if (strcmp(name, "listen") == 0)
                return do_listen();
        if (strcmp(name, "prctl") == 0)
                return prctl(PR_SET_NAME, "try-syscall", 0, 0, 0);
        if (strcmp(name, "fork") == 0)
                return child_exits(fork());
        if (strcmp(name, "clone") == 0)
                return child_exits(syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0));
        if (strcmp(name, "unshare-files") == 0)
                return syscall(SYS_unshare, CLONE_FILES);
        if (strcmp(name, "ioctl-TIOCGWINSZ") == 0)
                return do_winsize();
        errno = 0;
        return -2;
}

int main(int argc, char **argv) {
        bool userns = argc > 1 && strcmp(argv[1], "--userns") == 0;
        int status = 0;

        for (int i = 1 + userns; i < argc; i++) {
                int pipefd[2], err = 0, ws;
                pid_t pid;

                if (pipe(pipefd) < 0)
                        return 1;
                fflush(stdout);
                pid = fork();
                if (pid < 0)
                        return 1;
                if (pid == 0) {
                        long r;

                        close(pipefd[0]);
                        if (userns && !strstr(argv[i], "userns"))
                                (void) unshare(CLONE_NEWUSER | CLONE_NEWNS);
                        r = call(argv[i]);
                        err = r == -2 ? -1 : r < 0 ? errno : 0;
                        (void) !write(pipefd[1], &err, sizeof(err));
                        _exit(0);
                }
                close(pipefd[1]);
                if (read(pipefd[0], &err, sizeof(err)) != (ssize_t) sizeof(err))
                        err = -2;
                close(pipefd[0]);
                waitpid(pid, &ws, 0);
                if (err == -1) {
                        printf("%s unknown\n", argv[i]);
                        status = 2;
                } else if (err == -2)
                        printf("%s died\n", argv[i]);
                else if (err == 0)
                        printf("%s ok\n", argv[i]);
                else
                        printf("%s %s\n", argv[i], strerrorname_np(err) ?: "E?");
        }
        return status;
}
