/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "allow-spec.h"
#include "app-config.h"
#include "app-list.h"
#include "arg-check.h"
#include "bind.h"
#include "env-check.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "resource-limits.h"
#include "strv-join.h"
#include "tap.h"

static char tmpdir[] = "/tmp/test-config.XXXXXX";

static char *write_file(const char *name, const char *text) {
        char *p = path_join(tmpdir, name);
        FILE *f = fopen(p, "we");
        fputs(text, f);
        fclose(f);
        return p;
}

static const char good[] = CONFIG_MARKER "\n"
                                         "# comment\n"
                                         "directory = /var/lib/machines/web\n"
                                         "distro = trixie\n"
                                         "user = alice\n"
                                         "uid = 1000\n"
                                         "gid = 1001\n"
                                         "run = \"chromium --incognito 'a b'\"\n"
                                         "gui = true\n"
                                         "gui-private = yes\n"
                                         "window-manager = twm\n"
                                         "sound = true\n"
                                         "userns = true\n"
                                         "wayland = true\n"
                                         "cups = yes\n"
                                         "network = nat\n"
                                         "bind = {downloads, \"/srv/data:/data:ro\"}\n";

static void test_good(void) {
        _cleanup_free_ char *p = write_file("good.conf", good), *err = NULL;
        AppConfig c;
        int r = app_config_load(p, &c, &err);

        is_int(r, 0, "good file parses");
        is_str(err, NULL, "good file has no error");
        if (r < 0)
                return;
        is_str(c.directory, "/var/lib/machines/web", "directory");
        is_str(c.distro, "trixie", "distro");
        is_str(c.user, "alice", "user");
        is_int(c.uid, 1000, "uid");
        is_int(c.gid, 1001, "gid");
        is_str(c.run, "chromium --incognito 'a b'", "run keeps its quoting");
        ok(c.gui && c.gui_private && c.sound && !c.gpu && !c.webcam && !c.dbus, "booleans");
        ok(c.userns && !c.nested, "userns = true, nested stays off");
        ok(c.wayland && c.cups && !c.pipewire, "wayland, cups on; pipewire off by default");
        is_str(c.window_manager, "twm", "window-manager");
        is_int(c.network, NETWORK_NAT, "network");
        is_int(c.privilege, PRIVILEGE_AUTO, "privilege defaults to auto");
        is_int(strv_length(c.binds), 2, "two binds");
        is_str(c.binds[1], "/srv/data:/data:ro", "bind spec");
        app_config_done(&c);
}

static void test_roundtrip(void) {
        AppConfig c, d;
        _cleanup_free_ char *text = NULL, *text2 = NULL, *p = NULL, *err = NULL;
        char *binds[] = {"cache", "/a b/\"q\":/x:rw", NULL};

        app_config_init(&c);
        c.directory = "/srv/m/x";
        c.distro = "bookworm";
        c.user = "bob";
        c.uid = 70000; /* LDAP and sssd ids are above 65535 */
        c.gid = 4294967294;
        c.run = "sh -c \"echo \\\"hi\\\"\"";
        c.webcam = true;
        c.userns = true;
        c.pipewire = true;
        c.network = NETWORK_SEPARATE;
        c.privilege = PRIVILEGE_SUDO;
        c.window_manager = "";
        c.binds = binds;
        ok(app_config_format(&c, "x", &text) == 0, "format");
        ok(strneq(text, CONFIG_MARKER "\n", strlen(CONFIG_MARKER) + 1), "marker on the first line");
        p = path_join(tmpdir, "x.conf");
        ok(app_config_save(&c, "x", p) == 0, "save");
        ok(app_config_load(p, &d, &err) == 0, "saved file loads back: %s", strna(err));
        if (!err) {
                is_str(d.run, c.run, "run round-trips with quotes and backslashes");
                ok(d.uid == 70000 && d.gid == 4294967294, "uid and gid above 65535 round-trip");
                is_str(d.binds[1], binds[1], "bind with quote round-trips");
                ok(d.webcam && d.userns && !d.nested && !d.gui && d.pipewire && !d.wayland && !d.cups &&
                                d.network == NETWORK_SEPARATE && d.privilege == PRIVILEGE_SUDO,
                        "grants round-trip");
                ok(app_config_format(&d, "x", &text2) == 0 && streq(text, text2), "format is stable");
                app_config_done(&d);
        }
}

static void expect_error(const char *what, const char *text, const char *want) {
        _cleanup_free_ char *p = write_file("bad.conf", text), *err = NULL, *full = NULL;
        AppConfig c;
        int r = app_config_load(p, &c, &err);

        ok(r == -EINVAL, "%s: refused", what);
        full = path_join(tmpdir, want);
        is_str(err, full, "%s: error text", what);
        if (r == 0)
                app_config_done(&c);
}

#define BASE "directory = /m/x\nuser = alice\nuid = 1000\ngid = 1000\nrun = app\n"

static void test_broken(void) {
        _cleanup_free_ char *err = NULL;
        AppConfig c;

        /* first, as the first error of the process: reported mid-string, at the end of the file */
        expect_error("unterminated string after a comment", "# c\nrun = \"unb\nuid = 0\n",
                "bad.conf:4: premature end of file");
        expect_error("unknown key", BASE "colour = red\n", "bad.conf:6: no such option 'colour'");
        expect_error("bad network", BASE "\nnetwork = wifi\n",
                "bad.conf:7: network must be one of off, on, nat, separate, got 'wifi'");
        expect_error("bad bool", "gui = maybe\n" BASE, "bad.conf:1: invalid boolean value for option 'gui'");
        expect_error("bad userns", BASE "userns = chromium\n",
                "bad.conf:6: invalid boolean value for option 'userns'");
        expect_error("bad wayland", BASE "wayland = weston\n",
                "bad.conf:6: invalid boolean value for option 'wayland'");
        expect_error("relative directory", "directory = m/x\n",
                "bad.conf:1: directory must be a normalized absolute path, got 'm/x'");
        expect_error("root uid", "uid = 0\n",
                "bad.conf:1: uid must be a valid id (1 to 4294967294, not 65535), got 0");
        expect_error("uid 65535", "uid = 65535\n",
                "bad.conf:1: uid must be a valid id (1 to 4294967294, not 65535), got 65535");
        expect_error("gid -1", "gid = 4294967295\n",
                "bad.conf:1: gid must be a valid id (1 to 4294967294, not 65535), got 4294967295");
        expect_error("uid 65535 after comments", "# c\n\nuid = 65535\n",
                "bad.conf:3: uid must be a valid id (1 to 4294967294, not 65535), got 65535");
        /* the real files start with the marker and comments: every line number counts them once */
        expect_error("error after comment lines",
                CONFIG_MARKER "\n# a comment\n\n" BASE "network = wifi # trailing\nuid = 0\n",
                "bad.conf:9: network must be one of off, on, nat, separate, got 'wifi'");
        expect_error("error after a trailing comment",
                "user = alice # who\n# \"quoted\" # twice\nrun = \"a # b\"\nuid = 0\n",
                "bad.conf:4: uid must be a valid id (1 to 4294967294, not 65535), got 0");
        expect_error("root gid", BASE "gid = 0\n",
                "bad.conf:6: gid must be a valid id (1 to 4294967294, not 65535), got 0");
        {
                _cleanup_free_ char
                        *p = write_file("top.conf",
                                "directory = /m/x\nuser = alice\nuid = 65533\ngid = 1\nrun = a\n"),
                        *e = NULL;
                int r = app_config_load(p, &c, &e);

                ok(r == 0 && c.uid == 65533 && c.gid == 1, "uid 65533 and gid 1 are accepted: %s", strna(e));
                if (r == 0)
                        app_config_done(&c);
        }
        expect_error("bad user", "user = \"Ro ot\"\n", "bad.conf:1: 'Ro ot' is not a valid user name");
        expect_error("bad bind", BASE "bind = {\"rel/path\"}\n",
                "bad.conf:6: bind 'rel/path': bind source must be an absolute path or one of downloads, "
                "documents, gitconfig, steam, cache");
        expect_error("unbalanced quote in run", "run = \"sh -c 'x\"\n",
                "bad.conf:1: run has an unbalanced quote: sh -c 'x");
        expect_error(
                "missing key", "directory = /m/x\nuser = alice\n", "bad.conf:2: missing required key 'uid'");
        expect_error("syntax", "directory = /m/x\n[section]\n",
                "bad.conf:2: [section] headers are not supported: the file is flat 'key = value' lines");
        ok(app_config_load("/nonexistent/x.conf", &c, &err) == -ENOENT, "missing file: -ENOENT");
        is_str(err, "/nonexistent/x.conf: No such file or directory", "missing file: error text");
}

static void test_userns_default(void) {
        _cleanup_free_ char *p = write_file("min.conf", BASE), *err = NULL;
        AppConfig c;

        if (app_config_load(p, &c, &err) < 0)
                return (void) ok(false, "minimal file loads: %s", strna(err));
        ok(!c.userns && !c.nested, "userns and nested default to false");
        app_config_done(&c);
}

/* host-look: unset, on for gui apps; written, as written */
static void test_host_look_default(void) {
        _cleanup_free_ char *p = write_file("min.conf", BASE),
                            *q = write_file("gui.conf", BASE "gui = true\n"),
                            *r = write_file("off.conf", BASE "gui = true\nhost-look = false\n"), *err = NULL;
        AppConfig c;

        if (app_config_load(p, &c, &err) < 0)
                return (void) ok(false, "minimal file loads: %s", strna(err));
        ok(!c.host_look && !c.nvidia, "no gui: host-look and nvidia default to false");
        is_str(c.memory_max, "", "memory-max defaults to none");
        app_config_done(&c);
        if (app_config_load(q, &c, &err) < 0)
                return (void) ok(false, "gui file loads: %s", strna(err));
        ok(c.host_look, "gui = true: host-look defaults to true");
        app_config_done(&c);
        if (app_config_load(r, &c, &err) < 0)
                return (void) ok(false, "gui file with host-look = false loads: %s", strna(err));
        ok(!c.host_look, "host-look = false wins over gui's default");
        app_config_done(&c);
}

static void test_limit_parsers(void) {
        LimitValue v;
        uint64_t u;

        ok(limit_parse_size("512M", &v) == 0 && v.value == 512ULL << 20 && !v.percent, "512M");
        ok(limit_parse_size("2G", &v) == 0 && v.value == 2ULL << 30, "2G");
        ok(limit_parse_size("1T", &v) == 0 && v.value == 1ULL << 40, "1T");
        ok(limit_parse_size("4096", &v) == 0 && v.value == 4096, "bytes");
        ok(limit_parse_size("50%", &v) == 0 && v.value == 50 && v.percent, "50%%");
        ok(limit_parse_size("100%", &v) == 0 && v.value == 100 && v.percent, "100%%");
        for (const char *const *b = (const char *const[]){"", "0", "0M", "-1", "+1G", " 1G", "1G ", "1.5G",
                     "1g", "1GB", "1MK", "M", "101%", "0%", "%", "5 %", "010", "0x10",
                     "18446744073709551615", "16777216T", "99999999999999999999", NULL};
                *b; b++)
                ok(limit_parse_size(*b, &v) == -EINVAL, "size '%s' refused", *b);
        ok(limit_parse_weight("1", &u) == 0 && u == 1, "weight 1");
        ok(limit_parse_weight("10000", &u) == 0 && u == 10000, "weight 10000");
        for (const char *const *b = (const char *const[]){"", "0", "10001", "-5", "1e3", "100%", "01", NULL};
                *b; b++)
                ok(limit_parse_weight(*b, &u) == -EINVAL, "weight '%s' refused", *b);
        ok(limit_parse_cpu_quota("50%", &u) == 0 && u == 500000, "cpu-quota 50%% is 0.5 s per s");
        ok(limit_parse_cpu_quota("200%", &u) == 0 && u == 2000000, "cpu-quota 200%% is two CPUs");
        ok(limit_parse_cpu_quota("10000%", &u) == 0 && u == 100000000, "cpu-quota 10000%%");
        for (const char *const *b = (const char *const[]){"", "50", "0%", "10001%", "1.5%", "%", NULL}; *b;
                b++)
                ok(limit_parse_cpu_quota(*b, &u) == -EINVAL, "cpu-quota '%s' refused", *b);
        ok(limit_parse_tasks("512", &v) == 0 && v.value == 512 && !v.percent, "tasks 512");
        ok(limit_parse_tasks("10%", &v) == 0 && v.value == 10 && v.percent, "tasks 10%%");
        for (const char *const *b =
                        (const char *const[]){"", "0", "1K", "18446744073709551615", "200%", NULL};
                *b; b++)
                ok(limit_parse_tasks(*b, &v) == -EINVAL, "tasks '%s' refused", *b);
        is_int(limit_percent_to_scale(100), UINT32_MAX, "100%% is the whole scale");
        is_int(limit_percent_to_scale(50), UINT32_MAX / 2, "50%% is half of it");
}

static void test_limit_errors(void) {
        _cleanup_free_ char *p = write_file("lim.conf",
                                    BASE "memory-max = 2G\ncpu-weight = 200\ncpu-quota = "
                                         "\"150%\"\ntasks-max = 10%\nio-weight = 50\n"),
                            *err = NULL;
        AppConfig c;

        if (app_config_load(p, &c, &err) < 0)
                return (void) ok(false, "limits load: %s", strna(err));
        ok(streq(c.memory_max, "2G") && streq(c.cpu_weight, "200") && streq(c.cpu_quota, "150%") &&
                        streq(c.tasks_max, "10%") && streq(c.io_weight, "50"),
                "the five limits are read");
        app_config_done(&c);
        expect_error("bad memory-max", BASE "\nmemory-max = 2GB\n",
                "bad.conf:7: memory-max must be " LIMIT_SIZE_TEXT ", got '2GB'");
        expect_error("cpu-weight 0", BASE "cpu-weight = 0\n",
                "bad.conf:6: cpu-weight must be " LIMIT_WEIGHT_TEXT ", got '0'");
        expect_error("io-weight too big", "# c\n" BASE "io-weight = 10001\n",
                "bad.conf:7: io-weight must be " LIMIT_WEIGHT_TEXT ", got '10001'");
        expect_error("cpu-quota without %", BASE "cpu-quota = 50\n",
                "bad.conf:6: cpu-quota must be " LIMIT_CPU_QUOTA_TEXT ", got '50'");
        expect_error("tasks-max negative", BASE "tasks-max = -1\n",
                "bad.conf:6: tasks-max must be " LIMIT_TASKS_TEXT ", got '-1'");
        expect_error("bad nvidia", BASE "nvidia = maybe\n",
                "bad.conf:6: invalid boolean value for option 'nvidia'");
}

static void test_look_env(void) {
        for (const char *const *g = (const char *const[]){"en_US.UTF-8", "C.UTF-8", "POSIX", "C",
                     "de_DE@euro", "sr_RS.UTF-8@latin", "ca_ES.utf8@valencia", NULL};
                *g; g++)
                ok(locale_name_is_valid(*g), "locale '%s' accepted", *g);
        for (const char *const *b = (const char *const[]){"", "/etc/passwd", "../x", "en_US.UTF-8:de",
                     "en US", "$HOME", "en_US\n", ".UTF-8", "1en", "en_US%s", "de_DE/../../tmp/x", "a/b",
                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL};
                *b; b++)
                ok(!locale_name_is_valid(*b), "locale '%s' refused", *b);
        ok(scale_factor_is_valid("2") && scale_factor_is_valid("1.5") && scale_factor_is_valid("0.75"),
                "scale factors 2, 1.5, 0.75");
        for (const char *const *b =
                        (const char *const[]){"", ".5", "2.", "1.2.3", "-1", "2x", "1e2", "123456789", NULL};
                *b; b++)
                ok(!scale_factor_is_valid(*b), "scale factor '%s' refused", *b);
        ok(look_env_is_valid("LC_TIME", "de_DE.UTF-8"), "LC_TIME takes a locale");
        ok(!look_env_is_valid("LC_EVIL", "de_DE.UTF-8"), "an LC_ name not in the list is refused");
        ok(look_env_is_valid("GDK_SCALE", "2") && !look_env_is_valid("GDK_SCALE", "en_US"),
                "GDK_SCALE takes a number");
        ok(!look_env_is_valid("LD_PRELOAD", "x"), "other variables are refused");
        {
                char *in = NULL;

                ok(locale_utf8_input("de_DE.UTF-8", &in) == 0 && streq(in, "de_DE"),
                        "de_DE.UTF-8: -i de_DE");
                free(in);
                ok(locale_utf8_input("sr_RS.utf8@latin", &in) == 0 && streq(in, "sr_RS@latin"),
                        "sr_RS.utf8@latin: -i sr_RS@latin");
                free(in);
                ok(locale_utf8_input("ast_ES.UTF-8", &in) == 0 && streq(in, "ast_ES"), "three letters");
                free(in);
                for (const char *const *b = (const char *const[]){"C.UTF-8", "de_DE", "de_DE.ISO-8859-1",
                             "de_DE.UTF-8@", "de_DE.UTF-8@a@b", "DE_de.UTF-8", "d_DE.UTF-8", "de_DEU.UTF-8",
                             "de_DE.UTF-8x", "POSIX", NULL};
                        *b; b++)
                        ok(locale_utf8_input(*b, &in) == -EINVAL, "--locale '%s' refused", *b);
        }
}

/* Only a NAME.conf whose first line is the marker makes NAME one of our apps. */
static void test_apps_list(void) {
        _cleanup_free_ char *d = path_join(tmpdir, "bin"), *joined = NULL;
        _cleanup_strv_free_ char **l = NULL;
        const struct {
                const char *name, *conf;
        } apps[] = {
                {"good", CONFIG_MARKER "\nrun = x\n"},
                {"nomarker", "run = x\n"},
                {"late", "# hello\n" CONFIG_MARKER "\n"},
                {"short", "# app-container\n"},
        };

        ok(mkdir(d, 0755) == 0, "script dir");
        for (size_t i = 0; i < ELEMENTSOF(apps); i++) {
                _cleanup_free_ char *launcher = NULL, *conf = NULL, *lp = NULL, *cp = NULL;

                ok(asprintf(&launcher, "bin/%s", apps[i].name) > 0 &&
                                asprintf(&conf, "bin/%s.conf", apps[i].name) > 0,
                        "names");
                lp = write_file(launcher, "");
                cp = write_file(conf, apps[i].conf);
        }
        ok(apps_list(d, &l) == 0, "apps_list");
        joined = strv_join(l, " ");
        is_str(joined, "good", "only the conf with the marker on its first line counts");
}

static void refused_bind(const char *spec, const char *want) {
        const char *why = NULL;

        ok(bind_spec_check(spec, &why) == -EINVAL, "bind '%s' refused", spec);
        is_str(why, want, "bind '%s': the reason", spec);
}

static void test_binds(void) {
        BindMount *m = NULL;
        size_t n = 0;
        const char *why = NULL;

        ok(bind_spec_resolve("downloads", "/home/a", "web", &m, &n) == 0 && n == 1, "downloads resolves");
        is_str(m[0].source, "/home/a/Downloads", "downloads source");
        is_str(m[0].destination, "/home/a/Downloads", "downloads destination");
        ok(!m[0].read_only && m[0].optional, "downloads rw, optional");
        bind_mount_free_many(m, n);

        ok(bind_spec_resolve("gitconfig", "/home/a", "web", &m, &n) == 0 && n == 1 && m[0].read_only,
                "gitconfig is read-only");
        bind_mount_free_many(m, n);

        ok(bind_spec_resolve("steam", "/home/a", "web", &m, &n) == 0 && n == 2, "steam has two paths");
        bind_mount_free_many(m, n);

        ok(bind_spec_resolve("cache", "/home/a", "web", &m, &n) == 0 && n == 1, "cache resolves");
        is_str(m[0].source, "/home/a/.cache/app-container/web", "cache source is per app");
        is_str(m[0].destination, "/home/a/.cache", "cache destination");
        bind_mount_free_many(m, n);

        ok(bind_spec_resolve("/srv/d:/data:ro", "/home/a", "web", &m, &n) == 0 && n == 1, "path spec");
        is_str(m[0].source, "/srv/d", "path source");
        is_str(m[0].destination, "/data", "path destination");
        ok(m[0].read_only && !m[0].optional, "ro, not optional");
        bind_mount_free_many(m, n);

        ok(bind_spec_resolve("/srv/d", "/home/a", "web", &m, &n) == 0 && streq(m[0].destination, "/srv/d"),
                "destination defaults to source");
        bind_mount_free_many(m, n);

        ok(bind_spec_check("/a/../etc", &why) == -EINVAL, "'..' refused");
        ok(bind_spec_check("/a:/", &why) == -EINVAL, "bind over / refused");
        ok(bind_spec_check("/a:/b:rx", &why) == -EINVAL, "bad option refused");
        ok(bind_spec_check("/a:/b:ro:x", &why) == -EINVAL, "too many fields refused");
        ok(bind_spec_check("/a::ro", &why) == -EINVAL, "empty field refused");
        ok(bind_spec_check("", &why) == -EINVAL, "empty refused");

        /* systemd expands $VAR, ${VAR} and %x; nspawn splits on ':' and unescapes '\' */
        ok(bind_spec_check("/home/u/c${X}:/home/u/c:ro", &why) == -EINVAL, "'${X}' refused");
        ok(bind_spec_check("/home/u/$X", &why) == -EINVAL, "'$X' refused");
        ok(bind_spec_check("/home/u/%h", &why) == -EINVAL, "'%%h' refused");
        ok(bind_spec_check("/home/u/a\\:/etc", &why) == -EINVAL, "backslash refused");
        ok(bind_spec_check("/home/u/a\tb", &why) == -EINVAL, "a tab refused");
        ok(bind_spec_check("/home/u/a\x7f", &why) == -EINVAL, "DEL refused");
        ok(arg_is_safe("/home/u/My Files") && !arg_is_safe("") && !arg_is_safe("/a:b"), "arg_is_safe()");

        ok(bind_destination_allowed("/home/u/x", "/home/u"), "below the home: allowed");
        ok(bind_destination_allowed("/mnt/x", "/home/u") &&
                        bind_destination_allowed("/media/a/b", "/home/u"),
                "below /mnt and /media: allowed");
        ok(!bind_destination_allowed("/home/u", "/home/u"), "the home itself: refused");
        ok(!bind_destination_allowed("/home/uu/x", "/home/u"), "another home with the same prefix: refused");
        ok(!bind_destination_allowed("/mnt", "/home/u"), "/mnt itself: refused");
        ok(!bind_destination_allowed("/usr/lib/systemd/systemd", "/home/u"),
                "/usr/lib/systemd/systemd: refused");
        ok(!bind_destination_allowed("/etc/group", "/home/u") &&
                        !bind_destination_allowed("/usr/local/sbin/x", "/home/u"),
                "/etc/group, /usr/local/sbin: refused");
        ok(!bind_destination_allowed("/mnt/../etc", "/home/u") &&
                        !bind_destination_allowed("/mnt//x", "/home/u") &&
                        !bind_destination_allowed("/mnt/./x", "/home/u"),
                "not normalized: refused");
        ok(!bind_destination_allowed("/home/u/a%h", "/home/u"), "with a specifier: refused");
        refused_bind("/a/../etc", "bind paths must not contain '.' or '..' components");
        refused_bind("/a:/b/./c", "bind paths must not contain '.' or '..' components");
        refused_bind("/a:/", "cannot bind over the container's root directory");
        refused_bind("/a:/b:rx", "bind option must be 'ro' or 'rw'");
        refused_bind("/a:/b:ro:x", "too many ':' in bind spec (SRC[:DST[:ro|rw]])");
        refused_bind("/a::ro", "empty field in bind spec");
        refused_bind("/a:rel", "bind destination must be an absolute path");
        refused_bind("rel",
                "bind source must be an absolute path or one of downloads, documents, gitconfig, steam, "
                "cache");
        refused_bind("", "empty bind spec");
}

static void test_names(void) {
        ok(machine_name_is_valid("chrome-container"), "machine name ok");
        ok(machine_name_is_valid("a.b_c-1"), "machine name with dot ok");
        ok(!machine_name_is_valid("-x"), "leading dash refused");
        ok(!machine_name_is_valid("a..b"), "double dot refused");
        ok(!machine_name_is_valid("a/b"), "slash refused");
        ok(!machine_name_is_valid("x."), "trailing dot refused");
        ok(!machine_name_is_valid(""), "empty refused");
        ok(!machine_name_is_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                "65 chars refused");
        ok(user_name_is_valid("alice") && user_name_is_valid("_svc-1"), "user names ok");
        ok(!user_name_is_valid("Alice") && !user_name_is_valid("1x") && !user_name_is_valid("a b"),
                "bad user names refused");
}

static void test_split(void) {
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ char *q = shell_quote("it's"), *q2 = shell_quote("plain");

        ok(split_command_line("  chromium --a 'b c' \"d \\\"e\\\"\" f\\ g ''  ", &l) == 0, "split");
        ok(strv_length(l) == 6, "split: 6 words");
        if (strv_length(l) == 6) {
                is_str(l[2], "b c", "single quotes");
                is_str(l[3], "d \"e\"", "double quotes with escapes");
                is_str(l[4], "f g", "backslash space");
                is_str(l[5], "", "empty quoted word");
        }
        strv_free(l);
        l = NULL;
        ok(split_command_line("a 'b", &l) == -EINVAL, "unbalanced quote refused");
        is_str(q, "'it'\\''s'", "shell_quote quotes");
        is_str(q2, "plain", "shell_quote leaves plain words");
}

/* a returned error log is never success, whatever the caller passed */
static void test_log(void) {
        ok(log_error_errno(0, "x") < 0, "log_error_errno(0) is negative");
        ok(log_error_errno(EPERM, "x") == -EPERM && log_error_errno(-EPERM, "x") == -EPERM,
                "log_error_errno() normalizes the sign");
}

static void test_allow(void) {
        _cleanup_free_ char *p = write_file("allow.conf",
                                    BASE "network = nat\nallow = {\"example.com:443\", \"10.0.0.0/8\"}\n"),
                            *err = NULL, *text = NULL, *p2 = NULL;
        AppConfig c, c2;
        int r = app_config_load(p, &c, &err);

        ok(r == 0, "allow loads (%s)", strna(err));
        if (r < 0)
                return;
        ok(strv_length(c.allow) == 2 && streq(c.allow[0], "example.com:443") &&
                        streq(c.allow[1], "10.0.0.0/8"),
                "allow: both entries, in order");
        ok(app_config_format(&c, "x", &text) == 0 &&
                        strstr(text, "allow = {\"example.com:443\", \"10.0.0.0/8\"}\n"),
                "allow is written back");
        p2 = write_file("again.conf", text);
        ok(app_config_load(p2, &c2, NULL) == 0 && strv_length(c2.allow) == 2, "and read back");
        app_config_done(&c2);
        app_config_done(&c);

        expect_error("allow with nft syntax", BASE "allow = {\"1.2.3.4; flush ruleset\"}\n",
                "bad.conf:6: allow '1.2.3.4; flush ruleset': only letters, digits and . - : / [ ] may "
                "appear");
        /* one line, whatever the value holds */
        expect_error("allow with a newline", BASE "allow = {\"1.2.3.4\nflush ruleset\"}\n",
                "bad.conf:7: allow '1.2.3.4?flush ruleset': only letters, digits and . - : / [ ] may "
                "appear");
        expect_error("allow with a quote", BASE "allow = {'1.2.3.4\" accept'}\n",
                "bad.conf:6: allow '1.2.3.4\" accept': only letters, digits and . - : / [ ] may appear");
        expect_error("allow with a bad port", BASE "\nallow = {\"example.com:99999\"}\n",
                "bad.conf:7: allow 'example.com:99999': the port must be 1 to 65535");
        {
                char text2[4096] = BASE "allow = {";
                for (int i = 0; i <= ALLOW_SPEC_MAX; i++)
                        strcat(text2, i ? ", 10.0.0.1" : "10.0.0.1");
                strcat(text2, "}\n");
                expect_error("allow too long", text2, "bad.conf:6: allow has more than 64 entries");
        }
}

int main(void) {
        test_log();
        if (!mkdtemp(tmpdir))
                return 2;
        test_good();
        test_roundtrip();
        test_broken();
        test_userns_default();
        test_host_look_default();
        test_limit_parsers();
        test_limit_errors();
        test_look_env();
        test_binds();
        test_apps_list();
        test_names();
        test_split();
        test_allow();
        (void) !system("rm -rf /tmp/test-config.*");
        return tap_done();
}
