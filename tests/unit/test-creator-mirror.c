/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <sys/stat.h>

#include "distro.h"
#include "macro.h"
#include "mirror.h"
#include "path-util.h"
#include "tap.h"

static char *parse(int (*f)(FILE *, char **), const char *text) {
        FILE *m = fmemopen((void *) text, strlen(text), "r");
        char *ret = NULL;

        if (m) {
                if (f(m, &ret) < 0)
                        ret = NULL;
                fclose(m);
        }
        return ret;
}

static void test_deb822(void) {
        _cleanup_free_ char *a = parse(mirror_from_deb822,
                "Types: deb\n# URIs: http://commented.example/debian\n"
                "URIs: http://ftp.de.debian.org/debian http://second.example/debian\n"
                "Suites: bookworm bookworm-updates\nComponents: main\n\n"
                "Types: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\n");
        _cleanup_free_ char *b =
                parse(mirror_from_deb822, "Types: deb\nuris:\thttp://lower.example/debian\n");
        _cleanup_free_ char *c = parse(mirror_from_deb822, "Types: deb\nSuites: bookworm\n");

        is_str(a, "http://ftp.de.debian.org/debian", "deb822: first URIs, first word");
        is_str(b, "http://lower.example/debian", "deb822: field name case-insensitive");
        ok(!c, "deb822 without URIs: none");
}

static void test_one_line(void) {
        _cleanup_free_ char *a = parse(mirror_from_sources_list,
                "# deb http://commented.example/debian bookworm main\n"
                "deb-src http://src.example/debian bookworm main\n"
                "deb http://ftp.fr.debian.org/debian/ bookworm main contrib\n"
                "deb http://security.debian.org/debian-security bookworm-security main\n");
        _cleanup_free_ char *b = parse(mirror_from_sources_list,
                "  deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] http://opts.example/debian bookworm "
                "main\n");
        _cleanup_free_ char *c = parse(mirror_from_sources_list, "\n# nothing\n");

        is_str(a, "http://ftp.fr.debian.org/debian/", "sources.list: first deb line");
        is_str(b, "http://opts.example/debian", "sources.list: [options] skipped");
        ok(!c, "sources.list without deb lines: none");
}

static void put(const char *root, const char *rel, const char *text) {
        _cleanup_free_ char *p = path_join(root, rel);
        FILE *f = fopen(p, "we");

        if (f) {
                fputs(text, f);
                fclose(f);
        }
}

static void test_detect(void) {
        char root[] = "/tmp/test-mirror-XXXXXX";
        _cleanup_free_ char *d0 = NULL, *d1 = NULL, *d2 = NULL, *cmd = NULL;

        ok(mkdtemp(root) != NULL, "temporary root");
        ok(mirror_detect(root, &d0) == 0, "detect in an empty root");
        is_str(d0, DEFAULT_DEBIAN_MIRROR, "fallback is deb.debian.org");

        {
                _cleanup_free_ char *etc = path_join(root, "etc"), *apt = path_join(root, "etc/apt"),
                                    *sld = path_join(root, "etc/apt/sources.list.d");
                mkdir(etc, 0755);
                mkdir(apt, 0755);
                mkdir(sld, 0755);
        }
        put(root, "etc/apt/sources.list", "deb http://oneline.example/debian bookworm main\n");
        ok(mirror_detect(root, &d1) == 0, "detect with sources.list");
        is_str(d1, "http://oneline.example/debian", "sources.list is used without debian.sources");

        put(root, "etc/apt/sources.list.d/debian.sources",
                "Types: deb\nURIs: http://deb822.example/debian\n");
        ok(mirror_detect(root, &d2) == 0, "detect with both");
        is_str(d2, "http://deb822.example/debian", "debian.sources wins");

        if (asprintf(&cmd, "rm -rf '%s'", root) > 0 && system(cmd) != 0)
                printf("# could not remove %s\n", root);
}

static void test_distros(void) {
        const Distro *d;

        d = distro_find("bookworm");
        ok(d && d->family == DISTRO_DEBIAN && streq(d->suite, "bookworm"), "bookworm is Debian");
        d = distro_find("unstable");
        ok(d && d->family == DISTRO_DEBIAN && streq(d->suite, "unstable"), "unstable is Debian");
        d = distro_find("noble");
        ok(d && d->family == DISTRO_UBUNTU && streq(d->suite, "noble"), "noble is Ubuntu");
        ok(distro_find("jammy") && distro_find("focal") && distro_find("trixie") &&
                        distro_find("bullseye") && distro_find("sid") && distro_find("stable") &&
                        distro_find("testing"),
                "all known distros are found");
        ok(!distro_find("buster") && !distro_find("Bookworm") && !distro_find("") && !distro_find(NULL),
                "unknown distros are not");
}

int main(void) {
        test_deb822();
        test_one_line();
        test_detect();
        test_distros();
        return tap_done();
}
