/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "macro.h"
#include "path-util.h"
#include "show.h"
#include "strv-join.h"
#include "tap.h"
#include "xephyr.h"

static char tmpdir[] = "/tmp/test-xephyr.XXXXXX";

static void skip(const char *why) {
        printf("ok %d # SKIP %s\n", ++tap_n, why);
}

static int touch(const char *dir, const char *name) {
        _cleanup_free_ char *p = path_join(dir, name);
        _cleanup_close_ int fd = p ? open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644) : -1;
        return fd >= 0 ? 0 : -1;
}

static int write_file(const char *path, const char *data, size_t size) {
        _cleanup_close_ int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        return fd >= 0 && write(fd, data, size) == (ssize_t) size ? 0 : -1;
}

static void test_find_free(void) {
        _cleanup_free_ char *sockets = path_join(tmpdir, "X11-unix"), *locks = path_join(tmpdir, "tmp");
        unsigned n = 0;
        int r;

        ok(mkdir(sockets, 0755) == 0 && mkdir(locks, 0755) == 0, "temp socket and lock dirs");
        ok(display_find_free(sockets, locks, 100, &n) == 0 && n == 100, "empty dirs: the first number");
        touch(sockets, "X100");
        touch(locks, ".X101-lock");
        touch(sockets, "X103");
        r = display_find_free(sockets, locks, 100, &n);
        ok(r == 0 && n == 102, "a socket or a lock file takes a number (got %u)", n);
        ok(display_find_free(sockets, locks, 103, &n) == 0 && n == 104, "FROM is where the search starts");
        ok(display_find_free(sockets, locks, 65535, &n) == 0 && n == 65535, "the last number");
        touch(sockets, "X65535");
        ok(display_find_free(sockets, locks, 65535, &n) == -EBUSY, "none free: -EBUSY");
}

static void test_argv(void) {
        _cleanup_strv_free_ char **argv = NULL;
        _cleanup_free_ char *s = NULL;

        ok(xephyr_argv(104, "/run/app-container/web/Xauthority", "1280x800", &argv) == 0, "argv builds");
        s = strv_join(argv, " ");
        is_str(s,
                "/usr/bin/Xephyr :104 -auth /run/app-container/web/Xauthority -nolisten tcp -screen "
                "1280x800 "
                "-resizeable -no-host-grab -displayfd 1",
                "Xephyr argv");
        ok(xephyr_argv(1, "", "1x1", &argv) == -EINVAL, "an empty auth file is refused");
        ok(xephyr_argv(65536, "/a", "1x1", &argv) == -EINVAL, "a display number above 65535 is refused");
}

static void test_cookie(void) {
        _cleanup_free_ char *file = path_join(tmpdir, "cookie"), *a = NULL, *b = NULL, *cmd = NULL,
                            *line = NULL;
        size_t a_size = 0, b_size = 0, line_size = 0;
        const char *want = "ffff 0000  0002 3831 0012 4d49542d4d414749432d434f4f4b49452d31 0010 ";
        FILE *p;

        ok(xephyr_cookie_new(81, &a, &a_size) == 0 && xephyr_cookie_new(81, &b, &b_size) == 0,
                "two cookies made");
        /* family, address, number "81", name, then 2+16 bytes of data */
        ok(a_size == 2 + 2 + 2 + 2 + 2 + 18 + 2 + 16 && a_size == b_size, "one record (%zu bytes)", a_size);
        ok(memcmp(a, b, a_size) != 0, "each cookie is fresh");
        if (system("command -v xauth >/dev/null") != 0) {
                skip("xauth not installed");
                return;
        }
        ok(write_file(file, a, a_size) == 0, "cookie file written");
        if (asprintf(&cmd, "xauth -f %s nlist", file) < 0)
                return;
        p = popen(cmd, "re");
        ok(p && getline(&line, &line_size, p) > 0, "xauth reads the cookie file");
        if (p)
                pclose(p);
        ok(line && strneq(line, want, strlen(want)) && strlen(line) == strlen(want) + 32 + 1,
                "family ffff, empty address, display 81, MIT-MAGIC-COOKIE-1, 16 bytes");
}

static void test_wait_ready(void) {
        int fds[2];

        ok(pipe2(fds, O_CLOEXEC) == 0 && write(fds[1], "81\n", 3) == 3, "pipe");
        is_int(xephyr_wait_ready(fds[0], 81, 1000000), 0, "the display number: ready");
        close(fds[0]);
        close(fds[1]);
        ok(pipe2(fds, O_CLOEXEC) == 0, "pipe");
        close(fds[1]);
        is_int(xephyr_wait_ready(fds[0], 81, 1000000), -EPIPE, "closed first: -EPIPE");
        close(fds[0]);
        ok(pipe2(fds, O_CLOEXEC) == 0, "pipe");
        is_int(xephyr_wait_ready(fds[0], 81, 50000), -ETIMEDOUT, "silence: -ETIMEDOUT");
        ok(write(fds[1], "82\n", 3) == 3, "write");
        is_int(xephyr_wait_ready(fds[0], 81, 1000000), -EBADMSG, "another number: -EBADMSG");
        close(fds[0]);
        close(fds[1]);
}

/* Starts ARGV with stdout a pipe for -displayfd and the environment ENV; waits for DISPLAY. */
static pid_t start_server(char **argv, char **env, unsigned display) {
        int fds[2];
        pid_t pid;

        if (pipe2(fds, O_CLOEXEC) < 0)
                return -1;
        pid = fork();
        if (pid == 0) {
                int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
                dup2(fds[1], STDOUT_FILENO);
                dup2(null, STDERR_FILENO);
                execve(argv[0], argv, env);
                _exit(127);
        }
        close(fds[1]);
        if (pid > 0 && xephyr_wait_ready(fds[0], display, 10000000) < 0) {
                kill(pid, SIGTERM);
                waitpid(pid, NULL, 0);
                pid = -1;
        }
        close(fds[0]);
        return pid;
}

static void stop_server(pid_t pid) {
        if (pid > 0) {
                kill(pid, SIGTERM);
                waitpid(pid, NULL, 0);
        }
}

static int xdpyinfo(unsigned display, const char *xauthority) {
        _cleanup_free_ char *cmd = NULL;

        if (asprintf(&cmd, "XAUTHORITY=%s xdpyinfo -display :%u >/dev/null 2>&1", xauthority, display) < 0)
                return -1;
        return system(cmd);
}

/* The real thing: Xephyr with our argv and cookie, nested in an Xvfb that has a cookie of its own. */
static void test_nested(void) {
        _cleanup_free_ char *host_auth = path_join(tmpdir, "host-auth"), *auth = path_join(tmpdir, "auth"),
                            *a = NULL, *b = NULL, *host_env = NULL, *display_env = NULL, *cmd = NULL;
        _cleanup_strv_free_ char **argv = NULL;
        size_t a_size = 0, b_size = 0;
        unsigned host = 0, n = 0;
        pid_t xvfb, xephyr;

        if (system("{ command -v Xvfb && command -v xdpyinfo && command -v xwininfo && command "
                   "-v " XEPHYR_PATH "; } >/dev/null") != 0) {
                skip("Xvfb, Xephyr or xdpyinfo not installed");
                return;
        }
        if (display_find_free("/tmp/.X11-unix", "/tmp", 81, &host) < 0 ||
                display_find_free("/tmp/.X11-unix", "/tmp", host + 100, &n) < 0 ||
                xephyr_cookie_new(host, &a, &a_size) < 0 || write_file(host_auth, a, a_size) < 0 ||
                xephyr_cookie_new(n, &b, &b_size) < 0 || write_file(auth, b, b_size) < 0) {
                skip("no free displays or no temp files");
                return;
        }
        if (asprintf(&cmd, ":%u", host) < 0)
                return;
        xvfb = start_server(
                (char *[]){(char *) "/usr/bin/Xvfb", cmd, (char *) "-auth", host_auth, (char *) "-nolisten",
                        (char *) "tcp", (char *) "-displayfd", (char *) "1", NULL},
                (char *[]){NULL}, host);
        if (!ok(xvfb > 0, "Xvfb :%u started", host))
                return;
        ok(xdpyinfo(host, host_auth) == 0, "xdpyinfo on Xvfb with its cookie");

        ok(xephyr_argv(n, auth, XEPHYR_GEOMETRY, &argv) == 0, "Xephyr argv");
        if (asprintf(&display_env, "DISPLAY=:%u", host) < 0 ||
                asprintf(&host_env, "XAUTHORITY=%s", host_auth) < 0)
                return;
        xephyr = start_server(argv, (char *[]){display_env, host_env, NULL}, n);
        ok(xephyr > 0, "Xephyr :%u started on :%u and reported ready through -displayfd", n, host);
        if (xephyr > 0) {
                ok(xdpyinfo(n, auth) == 0, "xdpyinfo on :%u works with the wildcard cookie", n);
                ok(xdpyinfo(n, "/dev/null") != 0, "and fails without it");
                ok(xdpyinfo(n, host_auth) != 0, "and with the host display's cookie");
                free(cmd);
                cmd = NULL;
                if (asprintf(&cmd,
                            "XAUTHORITY=%s xwininfo -root -tree -display :%u | grep -q 'Xephyr on :%u'",
                            host_auth, host, n) >= 0)
                        ok(system(cmd) == 0, "Xephyr's window is on :%u", host);
        }
        stop_server(xephyr);
        stop_server(xvfb);
}

int main(void) {
        if (!mkdtemp(tmpdir))
                return 2;
        test_find_free();
        test_argv();
        test_cookie();
        test_wait_ready();
        test_nested();
        (void) !system("rm -rf /tmp/test-xephyr.*");
        return tap_done();
}
