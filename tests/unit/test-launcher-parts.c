/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "display.h"
#include "group-file.h"
#include "macro.h"
#include "netif.h"
#include "nspawn-export.h"
#include "path-util.h"
#include "tap.h"
#include "xauth.h"

static char tmpdir[] = "/tmp/test-parts.XXXXXX";

static void test_display(void) {
        unsigned n = 0;

        ok(display_parse(":0", &n) == 0 && n == 0, ":0");
        ok(display_parse(":57.1", &n) == 0 && n == 57, ":57.1");
        ok(display_parse("unix:12", &n) == 0 && n == 12, "unix:12");
        ok(display_parse("localhost:10", &n) == -EINVAL, "TCP display refused");
        ok(display_parse("host:0.0", &n) == -EINVAL, "remote display refused");
        ok(display_parse("", &n) == -EINVAL && display_parse(NULL, &n) == -EINVAL, "empty refused");
        ok(display_parse(":", &n) == -EINVAL && display_parse(":x", &n) == -EINVAL, "garbage refused");
        ok(display_parse(":1.", &n) == -EINVAL && display_parse(":1/../x", &n) == -EINVAL,
                "trailing junk refused");
        ok(display_parse(":99999999999", &n) == -EINVAL, "huge number refused");
}

static void test_groups(void) {
        static const char text[] = "root:x:0:\n"
                                   "# comment\n"
                                   "audio:x:29:pulse,alice\n"
                                   "video:x:44:bob,alice\n"
                                   "broken line\n"
                                   "bad:x:notanumber:alice\n"
                                   "alice:x:1000:\n"
                                   "dup:x:29:alice\n"
                                   "alicex:x:70:alicex\n"
                                   "plugdev:x:46:alice";
        _cleanup_free_ gid_t *g = NULL;
        size_t n = 0;

        ok(group_file_user_gids(text, "alice", 1000, &g, &n) == 0, "group file parses");
        ok(n == 4 && g[0] == 1000 && g[1] == 29 && g[2] == 44 && g[3] == 46,
                "primary first, then memberships, deduplicated, malformed lines skipped (n=%zu)", n);
        free(g);
        g = NULL;
        ok(group_file_user_gids("", "alice", 5, &g, &n) == 0 && n == 1 && g[0] == 5,
                "empty file: primary only");
}

static int write_at(const char *dir, const char *name, const char *text) {
        _cleanup_free_ char *p = path_join(dir, name);
        _cleanup_close_ int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        return fd >= 0 && write(fd, text, strlen(text)) == (ssize_t) strlen(text) ? 0 : -1;
}

static void fake_if(const char *sys, const char *name, const char *state, const char *carrier, bool device) {
        _cleanup_free_ char *d = path_join(sys, name);
        mkdir(d, 0755);
        write_at(d, "operstate", state);
        if (carrier)
                write_at(d, "carrier", carrier);
        if (device) {
                _cleanup_free_ char *dev = path_join(d, "device");
                mkdir(dev, 0755);
        }
}

static void test_netif(void) {
        _cleanup_free_ char *sys = path_join(tmpdir, "net");
        _cleanup_strv_free_ char **l = NULL;

        mkdir(sys, 0755);
        fake_if(sys, "lo", "unknown\n", "1\n", false);
        fake_if(sys, "eth1", "up\n", "1\n", true);
        fake_if(sys, "eth0", "up\n", "1\n", true);
        fake_if(sys, "wlan0", "down\n", "0\n", true);
        fake_if(sys, "usb0", "unknown\n", "1\n", true);
        fake_if(sys, "ve-web", "up\n", "1\n", false);
        fake_if(sys, "br0", "up\n", "1\n", false);
        ok(netif_list_physical(sys, &l) == 0, "netif lists");
        ok(strv_length(l) == 3 && streq(l[0], "eth0") && streq(l[1], "eth1") && streq(l[2], "usb0"),
                "only up, device-backed interfaces, sorted");
        ok(netif_list_physical("/nonexistent", &l) == -ENOENT, "missing sysfs: -ENOENT");
}

static int read_all(const char *path, char **ret, size_t *ret_size) {
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        char *buf = malloc(XAUTH_FILE_MAX + 1);
        size_t n;

        if (!f || !buf) {
                free(buf);
                return -1;
        }
        n = fread(buf, 1, XAUTH_FILE_MAX + 1, f);
        *ret = buf;
        *ret_size = n;
        return 0;
}

/* the machine name becomes a path component below root's directory: never one that leaves it */
static void test_nspawn_export(void) {
        ok(nspawn_unix_export_cleanup("/nonexistent-act", "..") == -EINVAL, "unix-export: '..' refused");
        ok(nspawn_unix_export_cleanup("/nonexistent-act", ".") == -EINVAL, "unix-export: '.' refused");
        ok(nspawn_unix_export_cleanup("/nonexistent-act", "a/b") == -EINVAL, "unix-export: a '/' refused");
        if (geteuid() == 0)
                ok(nspawn_unix_export_cleanup("/nonexistent-act", "t1") == 0,
                        "unix-export: nothing there is fine");
}

static void test_xauth(void) {
        _cleanup_free_ char *file = path_join(tmpdir, "Xauthority"), *wild = path_join(tmpdir, "wild"),
                            *cmd = NULL;
        _cleanup_free_ char *buf = NULL, *out = NULL, *line = NULL;
        size_t size = 0, out_size = 0, line_size = 0;
        XauthEntry e = {};
        FILE *p;

        if (system("command -v xauth >/dev/null") != 0) {
                printf("ok %d # SKIP xauth not installed\n", ++tap_n);
                return;
        }
        if (asprintf(&cmd,
                    "xauth -q -f %1$s add otherhost/unix:5 MIT-MAGIC-COOKIE-1 "
                    "11111111111111111111111111111111 && "
                    "xauth -q -f %1$s add myhost/unix:5 MIT-MAGIC-COOKIE-1 22222222222222222222222222222222 "
                    "&& "
                    "xauth -q -f %1$s add myhost/unix:7 MIT-MAGIC-COOKIE-1 33333333333333333333333333333333",
                    file) < 0)
                return;
        ok(system(cmd) == 0, "xauth wrote a test file");
        ok(read_all(file, &buf, &size) == 0, "read it");

        ok(xauth_find_display(buf, size, 5, "myhost", &e) == 0, "entry for :5 found");
        ok(e.family == XAUTH_FAMILY_LOCAL && streq(e.address, "myhost") && streq(e.number, "5") &&
                        e.data_len == 16 && e.data[0] == 0x22,
                "the entry for our hostname is preferred");
        xauth_entry_done(&e);
        ok(xauth_find_display(buf, size, 5, "nohost", &e) == 0 && e.data[0] == 0x11,
                "any local entry otherwise");
        ok(xauth_format_wild(&e, &out, &out_size) == 0, "wild copy formatted");
        xauth_entry_done(&e);
        ok(xauth_find_display(buf, size, 6, NULL, &e) == -ENOENT, "no entry for :6");
        ok(xauth_find_display(buf, size - 3, 7, NULL, &e) == -EBADMSG, "truncated file refused");
        ok(xauth_find_display(buf, XAUTH_FILE_MAX + 1, 7, NULL, &e) == -EBADMSG, "oversized file refused");

        p = fopen(wild, "we");
        fwrite(out, 1, out_size, p);
        fclose(p);
        free(cmd);
        if (asprintf(&cmd, "xauth -f %s nlist", wild) < 0)
                return;
        p = popen(cmd, "re");
        ok(p && getline(&line, &line_size, p) > 0, "xauth reads the wild copy");
        if (p)
                pclose(p);
        /* nlist: family, address length, address, number length, number, name length, name, data */
        is_str(line,
                "ffff 0000  0001 35 0012 4d49542d4d414749432d434f4f4b49452d31 0010 "
                "11111111111111111111111111111111\n",
                "wild copy: family ffff, empty address, display 5, same cookie");
}

int main(void) {
        if (!mkdtemp(tmpdir))
                return 2;
        test_display();
        test_groups();
        test_netif();
        test_nspawn_export();
        test_xauth();
        (void) !system("rm -rf /tmp/test-parts.*");
        return tap_done();
}
