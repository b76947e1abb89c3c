/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The X11 parts of the launcher checked against the real tools: files written by xauth(1) are
 * parsed, our files are read back by xauth(1), and an Xvfb started with our cookie lets xdpyinfo
 * in only with it -- also from a UTS namespace with another host name, as in a container. */
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/random.h>
#include <sys/wait.h>

#include "display.h"
#include "macro.h"
#include "path-util.h"
#include "tap.h"
#include "xauth.h"
#include "xephyr.h"

extern char **environ;

static char tmpdir[] = "/tmp/test-launcher-x11.XXXXXX";

static void skip(const char *why) {
        printf("ok %d # SKIP %s\n", ++tap_n, why);
}

static bool have(const char *tool) {
        _cleanup_free_ char *cmd = NULL;

        return asprintf(&cmd, "command -v %s >/dev/null", tool) >= 0 && system(cmd) == 0;
}

/* TEST_VERBOSE=1 keeps the X tools' stderr: "unable to open display" alone says little.
 *
 * Runs ARGV with XAUTHORITY=XAUTHORITY (unset if NULL) and no DISPLAY, output to /dev/null;
 * returns its exit status, or -1 if it could not run or was killed. */
static int run(char *const *argv, const char *xauthority) {
        _cleanup_strv_free_ char **env = NULL;
        posix_spawn_file_actions_t fa;
        pid_t pid;
        int status, r;

        for (char **e = environ; *e; e++)
                if (!strneq(*e, "DISPLAY=", 8) && !strneq(*e, "XAUTHORITY=", 11) &&
                        strv_extend(&env, *e) < 0)
                        return -1;
        if (xauthority && strv_extendf(&env, "XAUTHORITY=%s", xauthority) < 0)
                return -1;
        if (!env && !(env = calloc(1, sizeof(char *))))
                return -1;

        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        if (!getenv("TEST_VERBOSE"))
                posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        r = posix_spawnp(&pid, argv[0], &fa, NULL, argv, env);
        posix_spawn_file_actions_destroy(&fa);
        if (r != 0)
                return -1;
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int read_all(const char *path, char **ret, size_t *ret_size) {
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        _cleanup_free_ char *buf = malloc(XAUTH_FILE_MAX + 1);

        if (!f || !buf)
                return -1;
        *ret_size = fread(buf, 1, XAUTH_FILE_MAX + 1, f);
        *ret = TAKE_PTR(buf);
        return 0;
}

static int write_all(const char *path, const char *data, size_t size) {
        _cleanup_close_ int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

        return fd >= 0 && write(fd, data, size) == (ssize_t) size ? 0 : -1;
}

static char *tmp_path(const char *name) {
        return path_join(tmpdir, name);
}

/* The first line of `xauth -f FILE nlist`, without its newline. */
static char *nlist(const char *file) {
        _cleanup_free_ char *cmd = NULL;
        char *line = NULL;
        size_t size = 0;
        FILE *p;

        if (asprintf(&cmd, "xauth -f %s nlist", file) < 0 || !(p = popen(cmd, "re")))
                return NULL;
        if (getline(&line, &size, p) > 0)
                line[strcspn(line, "\n")] = 0;
        pclose(p);
        return line;
}

static void test_xauth_tool(void) {
        _cleanup_free_ char *file = tmp_path("Xauthority"), *wildfile = tmp_path("wild"), *cmd = NULL,
                            *buf = NULL, *out = NULL, *line = NULL;
        size_t size = 0, out_size = 0;
        XauthEntry e = {};
        int r;

        if (!have("xauth")) {
                skip("xauth not installed");
                return;
        }
        /* "." is xauth's short name for MIT-MAGIC-COOKIE-1; ":7" is a local entry for our host
         * name; the nlist line adds a FamilyWild entry, which xauth's add cannot make */
        if (asprintf(&cmd,
                    "xauth -q -f %1$s add otherhost/unix:5 MIT-MAGIC-COOKIE-1 "
                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa && "
                    "xauth -q -f %1$s add myhost/unix:5 MIT-MAGIC-COOKIE-1 bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb "
                    "&& "
                    "xauth -q -f %1$s add :7 . 0123456789abcdef0123456789abcdef && "
                    "xauth -q -f %1$s add otherhost/unix:8 XDM-AUTHORIZATION-1 "
                    "00112233445566778899aabbccddeeff && "
                    "echo 'ffff 0000  0001 38 0012 4d49542d4d414749432d434f4f4b49452d31 0010 "
                    "cccccccccccccccccccccccccccccccc' | xauth -q -f %1$s nmerge - && "
                    "xauth -q -f %1$s add otherhost/unix:8 MIT-MAGIC-COOKIE-1 "
                    "dddddddddddddddddddddddddddddddd",
                    file) < 0)
                return;
        /* xauth creates it too, but complains on stderr */
        ok(write_all(file, "", 0) == 0 && system(cmd) == 0,
                "xauth wrote a file with local, wild and XDM entries");
        if (read_all(file, &buf, &size) < 0) {
                ok(false, "read the xauth file");
                return;
        }

        ok(xauth_find_display(buf, size, 5, "myhost", &e) == 0 && e.family == XAUTH_FAMILY_LOCAL &&
                        streq(e.address, "myhost") && e.address_len == 6 && streq(e.number, "5") &&
                        streq(e.name, XAUTH_COOKIE_NAME) && e.data_len == 16 && e.data[0] == 0xbb &&
                        e.data[15] == 0xbb,
                ":5: the local entry for our host name, not the earlier one for another host");
        xauth_entry_done(&e);

        ok(xauth_find_display(buf, size, 7, NULL, &e) == 0 && e.data_len == 16 && e.data[0] == 0x01 &&
                        e.data[7] == 0xef && streq(e.name, XAUTH_COOKIE_NAME),
                ":7 added with '.': the cookie, name spelt out");
        xauth_entry_done(&e);

        r = xauth_find_display(buf, size, 8, "myhost", &e);
        ok(r == 0 && e.family == XAUTH_FAMILY_WILD && e.address_len == 0 && e.data[0] == 0xcc,
                ":8: the wild entry beats another host's local one and the XDM entry");
        if (r == 0)
                ok(xauth_format_wild(&e, &out, &out_size) == 0 && write_all(wildfile, out, out_size) == 0,
                        "wild copy of a wild entry written");
        xauth_entry_done(&e);
        line = nlist(wildfile);
        is_str(line,
                "ffff 0000  0001 38 0012 4d49542d4d414749432d434f4f4b49452d31 0010 "
                "cccccccccccccccccccccccccccccccc",
                "xauth reads it back unchanged");

        ok(xauth_find_display(buf, size, 6, "myhost", &e) == -ENOENT, ":6: -ENOENT");
}

/* Every cut of a valid file inside a record is -EBADMSG; a cut between records only loses entries. */
static void test_xauth_truncated(void) {
        _cleanup_free_ char *buf = NULL;
        size_t size = 0, boundary;
        XauthEntry e = {
                .family = XAUTH_FAMILY_WILD,
                .address = (char *) "",
                .number = (char *) "3",
                .name = (char *) XAUTH_COOKIE_NAME,
                .data = (unsigned char *) "0123456789abcdef",
                .data_len = 16,
        };
        _cleanup_free_ char *two = NULL;
        XauthEntry found = {};
        unsigned bad = 0;

        if (xauth_format_wild(&e, &buf, &size) < 0) {
                ok(false, "format");
                return;
        }
        boundary = size;
        two = malloc(2 * size);
        if (!two)
                return;
        memcpy(two, buf, size);
        memcpy(two + size, buf, size);
        for (size_t n = 1; n < 2 * size; n++) {
                XauthEntry f = {};
                int r = xauth_find_display(two, n, 3, NULL, &f), want = n == boundary ? 0 : -EBADMSG;

                if (r != want) {
                        printf("# cut at %zu of %zu: %d, want %d\n", n, 2 * size, r, want);
                        bad++;
                }
                if (r == 0)
                        xauth_entry_done(&f);
        }
        is_int(bad, 0, "every cut inside a record refused with -EBADMSG");
        ok(xauth_find_display(two, 0, 3, NULL, &found) == -ENOENT, "empty file: -ENOENT");
        /* the low byte of the last record's data length: 17 bytes, where 16 are left */
        two[2 * size - 17] = 0x11;
        ok(xauth_find_display(two, 2 * size, 3, NULL, &found) == -EBADMSG, "overlong data length refused");
}

/* Starts Xvfb :DISPLAY -auth AUTH_FILE and waits until it accepts clients (-displayfd). */
static int xvfb_start(unsigned display, const char *auth_file, pid_t *ret_pid) {
        _cleanup_close_ int rfd = -1, wfd = -1;
        posix_spawn_file_actions_t fa;
        char dpy[16];
        char *argv[] = {(char *) "Xvfb", dpy, (char *) "-auth", (char *) auth_file, (char *) "-nolisten",
                (char *) "tcp", (char *) "-displayfd", (char *) "3", (char *) "-screen", (char *) "0",
                (char *) "640x480x24", NULL};
        int fds[2], r;
        pid_t pid;

        snprintf(dpy, sizeof dpy, ":%u", display);
        if (pipe2(fds, O_CLOEXEC) < 0)
                return negative_errno();
        rfd = fds[0];
        wfd = fds[1];
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, wfd, 3);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        if (!getenv("TEST_VERBOSE"))
                posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        r = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        if (r != 0)
                return -r;
        wfd = safe_close(wfd);
        *ret_pid = pid;

        return xephyr_wait_ready(rfd, display, 10 * 1000 * 1000);
}

static void xvfb_stop(pid_t pid) {
        kill(pid, SIGTERM);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
                ;
}

static char *hex(const unsigned char *data, size_t n) {
        char *s = malloc(2 * n + 1);

        for (size_t i = 0; s && i < n; i++)
                sprintf(s + 2 * i, "%02x", data[i]);
        if (s)
                s[2 * n] = 0;
        return s;
}

/* The launcher's path end to end: the user's Xauthority has a FamilyLocal entry for this host, as
 * a desktop writes it; the X server knows that cookie; the launcher's FamilyWild copy of it must
 * get a client in under another host name, where the original is useless. */
static void test_xvfb(void) {
        _cleanup_free_ char *user = tmp_path("user-Xauthority"), *wild = tmp_path("wild"),
                            *empty = tmp_path("empty"), *cmd = NULL, *buf = NULL, *out = NULL,
                            *cookie = NULL;
        char dpy[16], hostname[256] = {};
        char *xdpyinfo[] = {(char *) "xdpyinfo", (char *) "-display", dpy, NULL};
        /* $0 is the display */
        char *in_uts[] = {(char *) "unshare", (char *) "--uts", (char *) "sh", (char *) "-c",
                (char *) "hostname app-container-test && exec xdpyinfo -display \"$0\"", dpy, NULL};
        char *probe[] = {(char *) "unshare", (char *) "--uts", (char *) "true", NULL};
        unsigned char data[16];
        size_t size = 0, out_size = 0;
        XauthEntry e = {};
        unsigned n = 0;
        pid_t pid = 0;
        int r;

        if (!have("Xvfb") || !have("xdpyinfo") || !have("xauth")) {
                skip("Xvfb, xdpyinfo or xauth not installed");
                return;
        }
        if (display_find_free("/tmp/.X11-unix", "/tmp", XEPHYR_DISPLAY_FIRST, &n) < 0 ||
                getrandom(data, sizeof data, 0) != sizeof data || !(cookie = hex(data, sizeof data)) ||
                gethostname(hostname, sizeof hostname - 1) < 0) {
                skip("no free display number or no random cookie");
                return;
        }
        snprintf(dpy, sizeof dpy, ":%u", n);

        if (write_all(user, "", 0) < 0 || write_all(empty, "", 0) < 0 ||
                asprintf(&cmd, "xauth -q -f %s add %s . %s", user, dpy, cookie) < 0)
                return;
        ok(system(cmd) == 0, "xauth wrote a user Xauthority: a local entry for '%s' %s", hostname, dpy);
        ok(read_all(user, &buf, &size) == 0 && xauth_find_display(buf, size, n, hostname, &e) == 0 &&
                        e.family == XAUTH_FAMILY_LOCAL,
                "its entry found");
        ok(xauth_format_wild(&e, &out, &out_size) == 0 && write_all(wild, out, out_size) == 0,
                "its FamilyWild copy written");
        xauth_entry_done(&e);

        r = xvfb_start(n, user, &pid);
        if (!ok(r == 0, "Xvfb %s -auth <user Xauthority> is ready: %s", dpy, strerror(-r))) {
                if (pid > 0)
                        xvfb_stop(pid);
                return;
        }
        is_int(run(xdpyinfo, user), 0, "xdpyinfo gets in with the user's entry");
        is_int(run(xdpyinfo, wild), 0, "and with the wild copy");
        ok(run(xdpyinfo, empty) > 0, "but not with an empty Xauthority");

        if (run(probe, NULL) != 0)
                skip("no UTS namespace (needs root)");
        else {
                ok(run(in_uts, user) > 0, "under another host name the user's entry does not match");
                is_int(run(in_uts, wild), 0, "under another host name the wild copy gets in");
        }

        xvfb_stop(pid);
        ok(run(xdpyinfo, wild) > 0, "Xvfb is gone");
}

int main(void) {
        _cleanup_free_ char *rm = NULL;

        if (!mkdtemp(tmpdir) || asprintf(&rm, "rm -rf %s", tmpdir) < 0)
                return 2;
        test_xauth_tool();
        test_xauth_truncated();
        test_xvfb();
        (void) !system(rm);
        return tap_done();
}
