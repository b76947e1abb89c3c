/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Recipes: what create records, read back by rebuild; every malformed line refused with its number. */
#include <stdlib.h>

#include "macro.h"
#include "path-util.h"
#include "recipe.h"
#include "strv-join.h"
#include "tap.h"

#define SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void test_round_trip(void) {
        AppConfig g = {.run = (char *) "xeyes",
                .gui = true,
                .userns = true,
                .network = NETWORK_NAT,
                .privilege = PRIVILEGE_SUDO,
                .binds = (char *[]){(char *) "downloads", NULL}};
        _cleanup_free_ char *text = NULL, *error = NULL, *path = NULL, *pk = NULL;
        _cleanup_(recipe_inputs_done) RecipeInputs in = {};

        ok(recipe_format(
                   &(Recipe){.name = "t1",
                           .distro = "bookworm",
                           .key = "KEY",
                           .inputs_text =
                                   "# base\nformat 1\nsuite bookworm\narch amd64\nvariant minbase\n"
                                   "mirror http://deb.debian.org/debian\npackage hello\npackage x11-apps\n"
                                   "deb " SHA "\n",
                           .debs = (char *[]){(char *) "/srv/a b.deb", NULL},
                           .deb_hashes = (char *[]){(char *) SHA, NULL},
                           .grants = &g},
                   &text) == 0,
                "format");
        ok(strstr(text, "\nbind downloads\n") && strstr(text, "\ngrant gui\n") &&
                        strstr(text, "\ngrant userns\n") && strstr(text, "\nnetwork nat\n"),
                "grants recorded");
        ok(recipe_parse(text, &in, &error) == 0, "parse what format wrote (%s)", strna(error));
        is_str(in.distro, "bookworm", "distro");
        is_str(in.mirror, "http://deb.debian.org/debian", "mirror");
        is_str(in.arch, "amd64", "arch");
        is_str(in.variant, "minbase", "variant");
        pk = strv_join(in.packages, ",");
        is_str(pk, "hello,x11-apps", "packages");
        is_str(in.debs ? in.debs[0] : NULL, "/srv/a b.deb", "a .deb path with a space");
        is_str(in.deb_hashes ? in.deb_hashes[0] : NULL, SHA, "its sha256");
        ok(recipe_path("/home/u/.local/bin/t1.conf", &path) == 0, "recipe_path");
        is_str(path, "/home/u/.local/bin/t1.recipe", "NAME.conf -> NAME.recipe");
}

static void refused(const char *text, const char *want, const char *what) {
        _cleanup_(recipe_inputs_done) RecipeInputs in = {};
        _cleanup_free_ char *error = NULL;

        ok(recipe_parse(text, &in, &error) == -EBADMSG, "refused: %s", what);
        is_str(error, want, "  with: %s", want);
}

static void test_refused(void) {
        refused("distro bookworm\nmirror m\narch amd64\n", "distro, mirror, arch and variant are all needed",
                "no variant");
        refused("distro bookworm\narch amd64\nvariant minbase\n",
                "distro, mirror, arch and variant are all needed", "no mirror");
        refused("mirror m\narch amd64\nvariant minbase\n", "distro, mirror, arch and variant are all needed",
                "no distro");
        refused("distro bookworm\nmirror m\nvariant minbase\n",
                "distro, mirror, arch and variant are all needed", "no arch");
        refused("distro bookworm\ndistro trixie\n", "line 2: 'distro' is given twice", "a key twice");
        refused("# c\ndistro\n", "line 2: expected 'key value', got 'distro'", "a key without a value");
        refused("deb-file abc /x.deb\n", "line 1: deb-file wants SHA256 /PATH", "a short hash");
        refused("deb-file " SHA " x.deb\n", "line 1: deb-file wants SHA256 /PATH", "a relative .deb path");
}

/* --locale in a recipe: kept for rebuild, and held to create's grammar (root hands it to localedef) */
static void test_locale(void) {
        const char *base =
                "distro bookworm\nmirror http://deb.debian.org/debian\narch amd64\nvariant minbase\n";
        _cleanup_free_ char *good = NULL, *bad = NULL, *error = NULL, *error2 = NULL;
        RecipeInputs in = {}, in2 = {};

        if (asprintf(&good, "%slocale de_DE.UTF-8\n", base) < 0 ||
                asprintf(&bad, "%slocale --help\n", base) < 0)
                return;
        ok(recipe_parse(good, &in, &error) == 0 && in.locales && streq(in.locales[0], "de_DE.UTF-8"),
                "a locale line is read back");
        ok(recipe_inputs_check(&in, &error) == 0, "and accepted");
        recipe_inputs_done(&in);
        ok(recipe_parse(bad, &in2, &error2) == 0 && recipe_inputs_check(&in2, &error2) == -EINVAL,
                "locale --help refused: %s", strna(error2));
        recipe_inputs_done(&in2);
}

int main(void) {
        test_round_trip();
        test_refused();
        test_locale();
        printf("1..%d\n", tap_n);
        return tap_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
