/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "creator-argv.h"
#include "debootstrap.h"
#include "dry-run-actions.h"
#include "macro.h"
#include "path-util.h"
#include "tap.h"
#include "verbs.h"

static int parse(const char *const *v, CreatorArgs *a, char **error) {
        return creator_args_parse((int) strv_length((char *const *) v), (char *const *) v, a, error);
}

static void test_defaults(void) {
        const char *v[] = {"make-app-container", "create", "bookworm", "/srv/apps/firefox", NULL};
        _cleanup_free_ char *error = NULL;
        CreatorArgs a;

        ok(parse(v, &a, &error) == 0, "minimal create parses (%s)", strna(error));
        is_int(a.command, COMMAND_CREATE, "command create");
        is_str(a.distro->name, "bookworm", "distro");
        is_str(a.directory, "/srv/apps/firefox", "DIR");
        is_str(a.name, "firefox", "NAME defaults to DIR's basename");
        is_str(a.run, "firefox", "run defaults to NAME");
        is_str(a.variant, "minbase", "variant defaults to minbase");
        ok(a.cache_dir && path_is_absolute(a.cache_dir), "cache dir has a default");
        ok(!a.user && a.uid == (uid_t) -1 && a.gid == (gid_t) -1, "user left to the invoker");
        ok(!a.mirror && !a.arch && !a.script_dir && !a.appctl, "host defaults resolved later");
        is_int(a.network, NETWORK_OFF, "network off");
        is_int(a.privilege, PRIVILEGE_AUTO, "privilege auto");
        ok(!a.gui && !a.gpu && !a.sound && !a.userns && !a.nested && !a.wayland && !a.pipewire && !a.cups &&
                        !a.dry_run && !a.no_cache,
                "no grants by default");
        creator_args_done(&a);
}

static void test_look_and_limits(void) {
        const char *gui[] = {"make-app-container", "create", "--gui", "bookworm", "/srv/apps/x", NULL};
        const char *v[] = {"make-app-container", "create", "--gui", "--no-host-look", "--nvidia",
                "--memory-max", "2G", "--cpu-weight=50", "--cpu-quota", "150%", "--tasks-max", "10%",
                "--io-weight", "20", "bookworm", "/srv/apps/x", NULL};
        const char *bad[] = {
                "make-app-container", "create", "--memory-max", "2GB", "bookworm", "/srv/apps/x", NULL};
        const char *bad2[] = {
                "make-app-container", "create", "--io-weight", "0", "bookworm", "/srv/apps/x", NULL};
        const char *bad3[] = {
                "make-app-container", "create", "--locale", "de_DE", "bookworm", "/srv/apps/x", NULL};
        _cleanup_free_ char *error = NULL;
        CreatorArgs a;

        ok(parse(gui, &a, &error) == 0 && a.host_look && !a.nvidia && !a.memory_max,
                "--gui: host-look by default");
        creator_args_done(&a);
        ok(parse(v, &a, &error) == 0, "look and limit options parse (%s)", strna(error));
        ok(!a.host_look && a.nvidia, "--no-host-look wins over --gui's default; --nvidia");
        ok(streq(a.memory_max, "2G") && streq(a.cpu_weight, "50") && streq(a.cpu_quota, "150%") &&
                        streq(a.tasks_max, "10%") && streq(a.io_weight, "20"),
                "the five limits");
        creator_args_done(&a);
        ok(parse(bad, &a, &error) == -EINVAL, "--memory-max 2GB refused");
        ok(error && strstr(error, "--memory-max must be a size in bytes"), "with the grammar: %s",
                strna(error));
        free(error);
        error = NULL;
        ok(parse(bad2, &a, &error) == -EINVAL && strstr(strempty(error), "--io-weight must be a weight"),
                "--io-weight 0 refused: %s", strna(error));
        free(error);
        error = NULL;
        ok(parse(bad3, &a, &error) == -EINVAL && strstr(strempty(error), "--locale must be a UTF-8 locale"),
                "--locale de_DE (no charset) refused: %s", strna(error));
}

static void test_all_options(void) {
        const char *v[] = {"make-app-container", "create", "--name", "web.app", "--script-dir", "/tmp/sd/",
                "--user", "tester", "--uid", "1000", "--gid=1001", "--mirror", "http://m.example/debian",
                "--variant", "buildd", "--arch", "arm64", "--packages", "x11-utils, chromium",
                "--packages=chromium,fonts-dejavu", "--gui", "--gui-private", "--window-manager", "twm",
                "--mesa", "--sound", "--webcam", "--dbus", "--bind", "downloads", "--bind",
                "/srv/data:/data:ro", "--network", "nat", "--allow", "example.com:443", "--allow=10.0.0.0/8",
                "--run", "chromium --incognito", "--ephemeral", "--userns", "--wayland", "--pipewire",
                "--cups", "--privilege", "pkexec", "--cache-dir", "/var/tmp/c", "--no-cache", "--appctl",
                "/opt/appctl", "--keep-failed", "--dry-run", "-v", "trixie", "/srv/c/web", "/tmp/a.deb",
                "rel.deb", NULL};
        _cleanup_free_ char *error = NULL;
        CreatorArgs a;

        ok(parse(v, &a, &error) == 0, "every option parses (%s)", strna(error));
        is_str(a.name, "web.app", "--name");
        is_str(a.script_dir, "/tmp/sd", "--script-dir, trailing slash dropped");
        is_str(a.user, "tester", "--user");
        ok(a.uid == 1000 && a.gid == 1001, "--uid, --gid=");
        is_str(a.mirror, "http://m.example/debian", "--mirror");
        is_str(a.variant, "buildd", "--variant");
        is_str(a.arch, "arm64", "--arch");
        is_int(strv_length(a.packages), 3, "--packages: comma lists, repeated, deduplicated");
        is_str(a.packages[1], "chromium", "--packages: blanks trimmed");
        ok(a.gui && a.gui_private && a.gpu && a.sound && a.webcam && a.dbus && a.ephemeral, "grants");
        ok(a.userns && !a.nested, "--userns, without nested");
        ok(a.wayland && a.pipewire && a.cups, "--wayland, --pipewire, --cups");
        is_str(a.window_manager, "twm", "--window-manager");
        is_int(strv_length(a.binds), 2, "--bind repeated");
        is_int(a.network, NETWORK_NAT, "--network");
        ok(strv_length(a.allow) == 2 && streq(a.allow[0], "example.com:443") &&
                        streq(a.allow[1], "10.0.0.0/8"),
                "--allow repeated, in order");
        is_str(a.run, "chromium --incognito", "--run");
        is_int(a.privilege, PRIVILEGE_PKEXEC, "--privilege");
        is_str(a.cache_dir, "/var/tmp/c", "--cache-dir");
        ok(a.no_cache && a.keep_failed && a.dry_run && a.verbosity == 1, "flags");
        is_str(a.appctl, "/opt/appctl", "--appctl");
        is_str(a.distro->name, "trixie", "distro after options");
        is_int(strv_length(a.debs), 2, "two .debs");
        ok(a.debs[1] && path_is_absolute(a.debs[1]) && streq(path_basename(a.debs[1]), "rel.deb"),
                "relative .deb made absolute");
        creator_args_done(&a);

        const char *v3[] = {"make-app-container", "create", "--3d", "-q", "--ubuntu-mirror",
                "http://archive.ubuntu.com/ubuntu", "jammy", "/srv/j", NULL};
        ok(parse(v3, &a, &error) == 0, "Ubuntu with --ubuntu-mirror");
        ok(a.gpu && a.verbosity == -1, "--3d is gpu; -q");
        is_str(creator_args_mirror(&a, "http://deb.debian.org/debian"), "http://archive.ubuntu.com/ubuntu",
                "Ubuntu uses --ubuntu-mirror");
        creator_args_done(&a);

        const char *h[] = {"make-app-container", "--help", NULL};
        ok(parse(h, &a, &error) == 0 && a.command == COMMAND_HELP, "--help");
        creator_args_done(&a);
        const char *ver[] = {"make-app-container", "--version", NULL};
        ok(parse(ver, &a, &error) == 0 && a.command == COMMAND_VERSION, "--version");
        creator_args_done(&a);
}

static void test_verbs(void) {
        _cleanup_free_ char *error = NULL;
        CreatorArgs a;

        const char *v1[] = {
                "make-app-container", "remove", "--purge", "-y", "--script-dir", "/srv/bin", "t1", NULL};
        ok(parse(v1, &a, &error) == 0, "remove --purge -y --script-dir DIR NAME parses");
        ok(a.command == COMMAND_REMOVE && a.purge && a.yes && streq(a.name, "t1") &&
                        streq(a.script_dir, "/srv/bin"),
                "command, flags, script dir and NAME");
        creator_args_done(&a);
        const char *v2[] = {"make-app-container", "list", NULL};
        ok(parse(v2, &a, &error) == 0 && a.command == COMMAND_LIST, "list");
        creator_args_done(&a);
        const char *v3[] = {"make-app-container", "edit", "web.app", NULL};
        ok(parse(v3, &a, &error) == 0 && a.command == COMMAND_EDIT && streq(a.name, "web.app"), "edit NAME");
        creator_args_done(&a);
        const char *v4[] = {"make-app-container", "show-recipe", "t1", NULL};
        ok(parse(v4, &a, &error) == 0 && a.command == COMMAND_SHOW_RECIPE && streq(a.name, "t1"),
                "show-recipe NAME");
        creator_args_done(&a);
}

static void test_paths(void) {
        const char *v[] = {"make-app-container", "create", "bookworm", "rel/My_App/", "x.deb", NULL};
        _cleanup_free_ char *error = NULL, *cwd = getcwd(NULL, 0), *want_dir = NULL, *want_deb = NULL;
        CreatorArgs a;

        want_dir = path_join(cwd, "rel/My_App");
        want_deb = path_join(cwd, "x.deb");
        ok(parse(v, &a, &error) == 0, "relative DIR and .deb parse (%s)", strna(error));
        is_str(a.directory, want_dir, "DIR made absolute, trailing slash dropped");
        is_str(a.name, "My_App", "upper case and '_' are valid in NAME");
        is_str(a.debs ? a.debs[0] : NULL, want_deb, ".deb made absolute");
        creator_args_done(&a);
}

#define USAGE_LINE                                                                                          \
        "usage: make-app-container create [OPTIONS] DISTRO DIR [DEB...] | list | remove [--purge] NAME | "  \
        "edit "                                                                                             \
        "NAME | show-recipe NAME | rebuild NAME | gc | store"

static void test_errors(void) {
        static const struct {
                const char *argv[8];
                const char *error;
        } bad[] = {
                {{"create", "--frob", "bookworm", "/srv/x"}, "unknown option '--frob'; see --help"},
                {{"create", "-x", "bookworm", "/srv/x"}, "unknown option '-x'; see --help"},
                {{"create", "bookworm", "/srv/x", "--name"}, "option '--name' needs a value"},
                {{NULL}, "missing command; " USAGE_LINE},
                {{"make", "bookworm", "/srv/x"}, "unknown command 'make'; " USAGE_LINE},
                {{"create", "bookworm"}, "create needs DISTRO and DIR; " USAGE_LINE},
                {{"list", "x"}, "list takes no arguments"},
                {{"gc", "x"}, "gc takes no arguments"},
                {{"store", "x"}, "store takes no arguments"},
                {{"--size", "8G", "gc"}, "--size goes with store"},
                {{"--size", "8G", "create", "bookworm", "/srv/x"}, "--size goes with store"},
                {{"--size", "lots", "store"},
                        "--size must be a size (64G, 500000M) or a percentage of the free space (50%), got "
                        "'lots'"},
                {{"--size", "101%", "store"},
                        "--size must be a size (64G, 500000M) or a percentage of the free space (50%), got "
                        "'101%'"},
                {{"--max-age", "7", "list"}, "--max-age goes with gc"},
                {{"--max-age", "7", "create", "bookworm", "/srv/x"}, "--max-age goes with gc"},
                {{"--max-age", "-1", "gc"}, "--max-age must be a number of days (0-36500), got '-1'"},
                {{"--max-age", "36501", "gc"}, "--max-age must be a number of days (0-36500), got '36501'"},
                {{"remove"}, "remove takes one NAME"},
                {{"edit", "a", "b"}, "edit takes one NAME"},
                {{"show-recipe", "a b"}, "'a b' is not a valid app name"},
                {{"--purge", "edit", "x"}, "--purge and --yes go with remove"},
                {{"--yes", "create", "bookworm", "/srv/x"}, "--purge and --yes go with remove"},
                {{"create", "buster", "/srv/x"},
                        "unknown distro 'buster'; known: bookworm, trixie, bullseye, sid, stable, testing, "
                        "unstable (Debian); focal, jammy, noble (Ubuntu)"},
                {{"create", "noble", "/srv/x"},
                        "Ubuntu 'noble' needs --ubuntu-mirror URL (Debian mirrors do not carry Ubuntu)"},
                {{"create", "bookworm", "/srv/my app"},
                        "'my app' is not a valid container name (letters, digits, '-', '_' and '.', at most "
                        "64 "
                        "characters); pass --name"},
                {{"create", "--name", "a b", "bookworm", "/srv/x"},
                        "'a b' is not a valid container name (letters, digits, '-', '_' and '.', at most 64 "
                        "characters)"},
                {{"create", "--name", "-x", "bookworm", "/srv/x"},
                        "'-x' is not a valid container name (letters, digits, '-', '_' and '.', at most 64 "
                        "characters)"},
                {{"create", "--uid", "65535", "bookworm", "/srv/x"},
                        "--uid must be a valid id (1 to 4294967294, not 65535), got '65535'"},
                {{"create", "--uid", "4294967295", "bookworm", "/srv/x"},
                        "--uid must be a valid id (1 to 4294967294, not 65535), got '4294967295'"},
                {{"create", "--run", "", "bookworm", "/srv/x"}, "--run must name a command"},
                {{"create", "--ubuntu-mirror", "archive.ubuntu.com", "jammy", "/srv/x"},
                        "--ubuntu-mirror must be an http://, https:// or file:/// URL, got "
                        "'archive.ubuntu.com'"},
                {{"create", "bookworm", "/"}, "DIR must be a normalized path other than /, got '/'"},
                {{"create", "bookworm", "/srv/../x"},
                        "DIR must be a normalized path other than /, got '/srv/../x'"},
                {{"create", "bookworm", "/srv/x", "hello.txt"}, "'hello.txt' is not a .deb file name"},
                {{"create", "--uid", "0", "bookworm", "/srv/x"},
                        "--uid must be a valid id (1 to 4294967294, not 65535), got '0'"},
                {{"create", "--gid", "1x", "bookworm", "/srv/x"},
                        "--gid must be a valid id (1 to 4294967294, not 65535), got '1x'"},
                {{"create", "--user", "Bad User", "bookworm", "/srv/x"},
                        "'Bad User' is not a valid user name"},
                {{"create", "--network", "wifi", "bookworm", "/srv/x"},
                        "--network must be one of off, on, nat, separate, got 'wifi'"},
                {{"create", "--privilege", "su", "bookworm", "/srv/x"},
                        "--privilege must be one of auto, sudo, pkexec, got 'su'"},
                {{"create", "--variant", "fat", "bookworm", "/srv/x"},
                        "--variant must be minbase or buildd, got 'fat'"},
                {{"create", "--packages", "ok,-bad", "bookworm", "/srv/x"},
                        "'-bad' is not a valid package name in --packages"},
                {{"create", "--mirror", "ftp.debian.org", "bookworm", "/srv/x"},
                        "--mirror must be an http://, https:// or file:/// URL, got 'ftp.debian.org'"},
                {{"create", "--run", "sh -c 'x", "bookworm", "/srv/x"},
                        "--run has an unbalanced quote: sh -c 'x"},
        };

        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                const char *v[10] = {"make-app-container"};
                _cleanup_free_ char *error = NULL;
                CreatorArgs a;
                size_t n = 1;

                for (size_t k = 0; k < ELEMENTSOF(bad[i].argv) && bad[i].argv[k]; k++)
                        v[n++] = bad[i].argv[k];
                v[n] = NULL;
                ok(parse(v, &a, &error) == -EINVAL, "refused: %s", bad[i].error);
                is_str(error, bad[i].error, "  with exactly that message");
        }

        /* --bind errors carry bind_spec_check()'s explanation */
        const char *b[] = {
                "make-app-container", "create", "--bind", "relative/path", "bookworm", "/srv/x", NULL};
        _cleanup_free_ char *error = NULL;
        CreatorArgs a;
        ok(parse(b, &a, &error) == -EINVAL && error && strneq(error, "--bind 'relative/path': ", 24),
                "bad --bind refused (%s)", strna(error));

        /* --allow: allow_spec_check()'s, so nft syntax never reaches NAME.conf */
        const char *al[] = {"make-app-container", "create", "--allow", "1.2.3.4; flush ruleset", "bookworm",
                "/srv/x", NULL};
        _cleanup_free_ char *error2 = NULL;
        ok(parse(al, &a, &error2) == -EINVAL && error2 &&
                        streq(error2,
                                "--allow '1.2.3.4; flush ruleset': only letters, digits and . - : / [ ] may "
                                "appear"),
                "bad --allow refused (%s)", strna(error2));
}

static char *read_all(FILE *f) {
        char *buf = malloc(65536);
        size_t n;

        if (!buf)
                return NULL;
        n = fread(buf, 1, 65535, f);
        buf[n] = 0;
        return buf;
}

static void test_help_golden(void) {
        _cleanup_free_ char *buf = NULL, *want = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        FILE *g = fopen(GOLDEN_DIR "/make-app-container-help.txt", "re");

        creator_help(f, "make-app-container", "/var/cache/app-container",
                "/usr/local/libexec/app-container/appctl");
        fclose(f);
        ok(g != NULL, "golden file exists");
        if (!g)
                return;
        want = read_all(g);
        fclose(g);
        is_str(buf, want, "--help matches tests/unit/golden/make-app-container-help.txt");
}

static bool drop_to_nobody;

static bool startswith(const char *s, const char *prefix) {
        return strneq(s, prefix, strlen(prefix));
}

/* Runs creator_main() in a child with stdout and stderr captured. */
static int run_main(const char *const *v, char **ret_out, char **ret_err) {
        int out = memfd_create("out", MFD_CLOEXEC), err = memfd_create("err", MFD_CLOEXEC), status;
        pid_t pid;

        if (out < 0 || err < 0)
                return -1;
        fflush(stdout);
        pid = fork();
        if (pid == 0) {
                if (drop_to_nobody && geteuid() == 0 && setresuid(65534, 65534, 65534) < 0)
                        _exit(99);
                dup2(out, 1);
                dup2(err, 2);
                _exit(creator_main((int) strv_length((char *const *) v), (char **) v));
        }
        waitpid(pid, &status, 0);
        FILE *fo = fdopen(out, "r"), *fe = fdopen(err, "r");
        rewind(fo);
        rewind(fe);
        *ret_out = read_all(fo);
        *ret_err = read_all(fe);
        fclose(fo);
        fclose(fe);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_bootstrap_argv(void) {
        _cleanup_strv_free_ char **d = NULL, **m = NULL, **mu = NULL;
        _cleanup_free_ char *dl = NULL, *ml = NULL, *mul = NULL;
        const Distro *bookworm = distro_find("bookworm"), *noble = distro_find("noble");

        ok(debootstrap_argv(bookworm, "amd64", "minbase", "/c/cores/K.tmp", "http://m/debian", "/c/archives",
                   &d) == 0 &&
                        command_line_format(d, &dl) == 0,
                "debootstrap_argv");
        is_str(dl,
                "/usr/sbin/debootstrap --variant=minbase --arch=amd64 --cache-dir=/c/archives "
                "--include=systemd,systemd-sysv,dbus,systemd-container bookworm /c/cores/K.tmp "
                "http://m/debian",
                "debootstrap: the archive cache as --cache-dir");
        ok(mmdebstrap_argv(bookworm, "amd64", "minbase", "/c/cores/K.tmp", "http://m/debian",
                   "/c/my archives", &m) == 0 &&
                        command_line_format(m, &ml) == 0,
                "mmdebstrap_argv");
        is_str(ml,
                "/usr/bin/mmdebstrap --mode=root --verbose --variant=minbase --architectures=amd64 "
                "--include=systemd,systemd-sysv,dbus,systemd-container '--aptopt=APT::Sandbox::User "
                "\"root\"' "
                "--skip=download/empty --skip=essential/unlink "
                "'--setup-hook=mkdir -p \"$1/var/cache/apt/archives\"' "
                "'--setup-hook=mount -o bind '\\''/c/my archives'\\'' \"$1/var/cache/apt/archives\"' "
                "'--customize-hook=umount \"$1/var/cache/apt/archives\"' -- bookworm /c/cores/K.tmp "
                "http://m/debian",
                "mmdebstrap: the archive cache bound in by a hook (its path shell-quoted), kept at the end");
        ok(noble && mmdebstrap_argv(noble, "amd64", "minbase", "/t", "http://u/ubuntu", NULL, &mu) == 0 &&
                        command_line_format(mu, &mul) == 0 &&
                        strstr(mul, " --components=main,universe -- noble ") && !strstr(mul, "hook"),
                "mmdebstrap for Ubuntu: universe too; no archive cache, no hooks");
}

static void test_dry_run(void) {
        char tmp[] = "/tmp/test-creator-XXXXXX";
        _cleanup_free_ char *out = NULL, *err = NULL, *cache = NULL, *sd = NULL, *dir = NULL, *cmd = NULL;

        ok(mkdtemp(tmp) != NULL, "temporary directory");
        cache = path_join(tmp, "cache");
        sd = path_join(tmp, "sd");
        dir = path_join(tmp, "apps/c1");
        /* the dry run hashes the .deb but never reads it as a package; it also makes tmp non-empty */
        _cleanup_free_ char *deb = path_join(tmp, "act.deb");
        int fd = open(deb, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        ok(fd >= 0 && write(fd, "!<arch>\n", 8) == 8, "a sample .deb");
        close(fd);
        const char *v[] = {"make-app-container", "create", "--dry-run", "--user", "tester", "--uid", "1000",
                "--gid", "1000", "--script-dir", sd, "--cache-dir", cache, "--appctl", "/bin/sh", "--mirror",
                "http://deb.debian.org/debian", "--arch", "amd64", "--packages", "x11-utils", "--run",
                "xeyes", "--gui", "--locale", "de_DE.UTF-8", "bookworm", dir, deb, NULL};

        is_int(run_main(v, &out, &err), 0, "--dry-run succeeds");
        ok(out && strstr(out, " localedef -i de_DE -f UTF-8 de_DE.UTF-8\n") &&
                        strstr(out,
                                "apt-get -o APT::Sandbox::User=root install -y --no-install-recommends -- "
                                "x11-utils locales "
                                "/tmp/act.deb\n"),
                "--locale: the locales package, and localedef in the rootfs");
        ok(out && strstr(out, "\nlocale de_DE.UTF-8\n") && strstr(out, "\nhost-look = true\n"),
                "the recipe records the locale; the conf host-look (--gui)");
        ok(err && strstr(err, "[1/4] base: ") && strstr(err, "[4/4] launcher: "),
                "progress lines on stderr");
        /* the core is made by mmdebstrap where it is installed, else by debootstrap (test_bootstrap_argv) */
        if (streq(bootstrapper(), "debootstrap")) {
                ok(out && strstr(out, "/usr/sbin/debootstrap --variant=minbase --arch=amd64 --cache-dir=") &&
                                strstr(out,
                                        "/cache/archives "
                                        "--include=systemd,systemd-sysv,dbus,systemd-container "
                                        "bookworm "),
                        "prints the debootstrap line");
                ok(out && strstr(out, "unshare --mount --propagation private /usr/sbin/debootstrap "),
                        "debootstrap runs in a private mount namespace");
        } else {
                ok(out &&
                                strstr(out,
                                        " --mode=root --verbose --variant=minbase --architectures=amd64 "
                                        "--include=systemd,systemd-sysv,dbus,systemd-container "),
                        "prints the mmdebstrap line");
                ok(out && strstr(out, "unshare --mount --propagation private /usr/bin/mmdebstrap "),
                        "mmdebstrap runs in a private mount namespace");
        }
        ok(out && strstr(out, " http://deb.debian.org/debian\n"), "the bootstrapper gets the mirror");
        ok(out && strstr(out, "/tmp/act.deb\n") && strstr(out, " apt-get update\n") &&
                        strstr(out,
                                " apt-get -o APT::Sandbox::User=root install -y --no-install-recommends -- "
                                "x11-utils locales /tmp/act.deb\n"),
                "the packages and the .deb are installed with apt-get");
        ok(out && strstr(out, "/cache/archives bound on /var/cache/apt/archives) apt-get -o APT::Sandbox"),
                "apt install runs with the shared archive cache bound in");
        ok(err &&
                        (strstr(err, "base: debootstrap of the core ") ||
                                strstr(err, "base: mmdebstrap of the core ")) &&
                        strstr(err, "base: apt-get install into a copy of the core, layer "),
                "the plan: a core, then a layer on a copy of it");
        ok(out && strstr(out, "/cache/cores/") && strstr(out, "/cache/layers/") &&
                        strstr(out, "var/lib/app-container/core-stamp"),
                "the core (with its stamp) and the layer go to their own directories");
        ok(out && strstr(out, "\nmv ") && strstr(out, ".tmp "), "the base is renamed into place");
        ok(out && strstr(out, "cp -a --reflink=auto -- "), "prints the copy");
        ok(out && strstr(out, "useradd -m -u 1000 -g 1000 -s /bin/bash tester"), "prints useradd");
        ok(out && strstr(out, "ln -sfn /dev/null ") && strstr(out, "/etc/tmpfiles.d/x11.conf"),
                "masks x11.conf");
        ok(out && strstr(out, "# app-container launcher configuration\n"),
                "prints the conf with its marker");
        ok(out && strstr(out, "\nrun = \"xeyes\"\n") && strstr(out, "\ngui = true\n") &&
                        strstr(out, "\nuser = \"tester\"\nuid = 1000\ngid = 1000\n"),
                "the conf text has run, gui, user");
        ok(access(cache, F_OK) < 0 && access(sd, F_OK) < 0 && access(dir, F_OK) < 0, "nothing was created");
        free(out);
        free(err);

        /* the whole bus: the conf says full, create warns once */
        const char *full[] = {"make-app-container", "create", "--dry-run", "--user", "tester", "--uid",
                "1000", "--gid", "1000", "--script-dir", sd, "--cache-dir", cache, "--appctl", "/bin/sh",
                "--mirror", "http://deb.debian.org/debian", "--arch", "amd64", "--run", "xeyes", "--dbus",
                "bookworm", dir, NULL};
        is_int(run_main(full, &out, &err), 0, "--dbus: --dry-run succeeds");
        ok(out && strstr(out, "\ndbus = full\n"), "--dbus: dbus = full in the conf");
        ok(err && strstr(err, "warning: dbus = full: the app gets your whole session bus") &&
                        !strstr(strstr(err, "warning: dbus = full") + 1, "warning: dbus = full"),
                "--dbus: create warns, once");
        free(out);
        free(err);

        /* LDAP and sssd users: uids and gids above 65535 */
        const char *big[] = {"make-app-container", "create", "--dry-run", "--user", "bigid", "--uid",
                "70000", "--gid", "70000", "--script-dir", sd, "--cache-dir", cache, "--appctl", "/bin/sh",
                "--mirror", "http://deb.debian.org/debian", "--arch", "amd64", "--run", "xeyes", "bookworm",
                dir, NULL};
        is_int(run_main(big, &out, &err), 0, "--uid 70000 --gid 70000: --dry-run succeeds");
        ok(out && strstr(out, "useradd -m -u 70000 -g 70000 -s /bin/bash bigid") &&
                        strstr(out, "\nuser = \"bigid\"\nuid = 70000\ngid = 70000\n"),
                "  useradd and the conf carry uid and gid 70000");
        free(out);
        free(err);

        const char *busy[] = {"make-app-container", "create", "--dry-run", "--user", "tester", "--uid",
                "1000", "--appctl", "/bin/sh", "bookworm", tmp, NULL};
        is_int(run_main(busy, &out, &err), 1, "non-empty DIR refused");
        ok(err && strstr(err, "exists and is not an empty directory") &&
                        !strchr(strchr(err, '\n') + 1, '\n'),
                "  with one line");
        free(out);
        free(err);

        const char *nodeb[] = {"make-app-container", "create", "--dry-run", "--user", "tester", "--uid",
                "1000", "--appctl", "/bin/sh", "bookworm", dir, "/nonexistent/x.deb", NULL};
        is_int(run_main(nodeb, &out, &err), 1, "missing .deb refused");
        is_str(err, "make-app-container: /nonexistent/x.deb: No such file or directory\n",
                "  with one line");
        free(out);
        free(err);
        out = err = NULL;

        const char *badname[] = {
                "make-app-container", "create", "--dry-run", "--name", "no/slash", "bookworm", dir, NULL};
        is_int(run_main(badname, &out, &err), 1, "bad --name refused by the program");
        ok(err && startswith(err, "make-app-container: 'no/slash' is not a valid container name") &&
                        strchr(err, '\n') == err + strlen(err) - 1,
                "  with one line");
        free(out);
        free(err);

        const char *unknown[] = {"make-app-container", "create", "--frob", "bookworm", dir, NULL};
        is_int(run_main(unknown, &out, &err), 1, "unknown option refused by the program");
        is_str(err, "make-app-container: unknown option '--frob'; see --help\n", "  with one line");
        free(out);
        free(err);

        /* a refusal logged by a function that returned log_error()'s 0 went on and crashed (SIGSEGV) */
        const char *rootuser[] = {"make-app-container", "create", "--dry-run", "--user", "root", "--appctl",
                "/bin/sh", "bookworm", dir, NULL};
        is_int(run_main(rootuser, &out, &err), 1, "--user root refused, no crash");
        ok(err && strchr(err, '\n') == err + strlen(err) - 1, "  with one line");
        free(out);
        free(err);
        out = err = NULL;

        /* without --dry-run, root is required; as root the child drops to nobody to see the refusal */
        const char *noroot[] = {"make-app-container", "create", "--user", "tester", "--uid", "1000",
                "--appctl", "/bin/sh", "bookworm", dir, NULL};
        drop_to_nobody = true;
        is_int(run_main(noroot, &out, &err), 1, "non-root without --dry-run refused");
        drop_to_nobody = false;
        is_str(err, "make-app-container: must run as root (through sudo); --dry-run works without\n",
                "  with one line");
        ok(access(dir, F_OK) < 0, "  and nothing was created");
        free(out);
        free(err);
        out = err = NULL;

        if (asprintf(&cmd, "rm -rf '%s'", tmp) > 0 && system(cmd) != 0)
                printf("# could not remove %s\n", tmp);
}

static void test_dbus(void) {
        const char *alone[] = {
                "make-app-container", "create", "--dbus", "--gui", "bookworm", "/srv/c/a", NULL};
        const char *spaced[] = {
                "make-app-container", "create", "--dbus", "filtered", "bookworm", "/srv/c/a", NULL};
        const char *eq[] = {"make-app-container", "create", "--dbus=full", "bookworm", "/srv/c/a", NULL};
        const char *talk[] = {"make-app-container", "create", "--dbus-talk", "org.example.A", "--dbus-own",
                "org.example.B", "--dbus-talk=org.example.C.*", "bookworm", "/srv/c/a", NULL};
        const char *bad[] = {"make-app-container", "create", "--dbus=maybe", "bookworm", "/srv/c/a", NULL};
        const char *badname[] = {
                "make-app-container", "create", "--dbus-talk", "org.x$HOME", "bookworm", "/srv/c/a", NULL};
        _cleanup_free_ char *error = NULL, *e2 = NULL, *e3 = NULL;
        CreatorArgs a;

        ok(parse(alone, &a, &error) == 0 && a.dbus == DBUS_FULL && a.gui, "--dbus alone: full, as before");
        creator_args_done(&a);
        ok(parse(spaced, &a, &error) == 0 && a.dbus == DBUS_FILTERED && streq(a.distro->name, "bookworm"),
                "--dbus filtered");
        creator_args_done(&a);
        ok(parse(eq, &a, &error) == 0 && a.dbus == DBUS_FULL, "--dbus=full");
        creator_args_done(&a);
        ok(parse(talk, &a, &error) == 0 && a.dbus == DBUS_FILTERED, "--dbus-talk implies filtered");
        is_int(strv_length(a.dbus_talk), 6, "--dbus-talk: the four defaults and the names");
        ok(a.dbus_talk && streq(a.dbus_talk[0], "org.freedesktop.Notifications") &&
                        streq(a.dbus_talk[5], "org.example.C.*"),
                "--dbus-talk: defaults first");
        ok(strv_length(a.dbus_own) == 1 && streq(a.dbus_own[0], "org.example.B"), "--dbus-own");
        creator_args_done(&a);
        ok(parse(bad, &a, &e2) == -EINVAL && e2 && strstr(e2, "--dbus must be filtered or full"),
                "--dbus=maybe is refused");
        creator_args_done(&a);
        ok(parse(badname, &a, &e3) == -EINVAL && e3 && strstr(e3, "is not a D-Bus name"),
                "--dbus-talk with a bad name is refused");
        creator_args_done(&a);
}

int main(void) {
        test_defaults();
        test_dbus();
        test_look_and_limits();
        test_all_options();
        test_paths();
        test_errors();
        test_help_golden();
        test_verbs();
        test_bootstrap_argv();
        test_dry_run();
        return tap_done();
}
