/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cache.h"
#include "macro.h"
#include "path-util.h"
#include "tap.h"

static void key_of(const BaseInputs *in, char ret[SHA256_HEX_SIZE]) {
        _cleanup_free_ char *text = NULL;

        if (base_inputs_format(in, &text) < 0) {
                ret[0] = 0;
                return;
        }
        base_key(text, ret);
}

static void test_debs_hash(void) {
        char path[] = "/tmp/test-creator-cache.XXXXXX";
        _cleanup_strv_free_ char **hashes = NULL, **none = NULL;
        int fd = mkstemp(path);
        char *debs[] = {path, NULL};

        ok(fd >= 0 && write(fd, "abc", 3) == 3, "sample .deb");
        close(fd);
        is_int(debs_hash(debs, &hashes), 0, "debs_hash");
        is_str(hashes ? hashes[0] : NULL, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "a .deb's key input is its sha256");
        is_int(debs_hash(NULL, &none), 0, "debs_hash of no .debs");
        ok(none && !none[0], "  is an empty list");
        unlink(path);
        strv_free(hashes);
        hashes = NULL;
        is_int(debs_hash(debs, &hashes), -ENOENT, "missing .deb: -ENOENT");
}

/* the core's key: the distro's inputs only; the layer's: the core's key and stamp, and the rest */
static void test_layers(const BaseInputs *base) {
        _cleanup_free_ char *core = NULL, *other = NULL, *layer = NULL, *layer2 = NULL;
        char k1[SHA256_HEX_SIZE], k2[SHA256_HEX_SIZE];
        BaseInputs in = *base, none = *base;

        ok(core_inputs_format(base, &core) == 0 && !strstr(core, "package") && !strstr(core, "deb ") &&
                        strstr(core, "mirror http://deb.debian.org/debian\n"),
                "the core's text has no package and no .deb");
        in.packages = NULL;
        in.deb_hashes = NULL;
        ok(core_inputs_format(&in, &other) == 0 && streq(core, other),
                "apps with other packages share the core");
        ok(base_has_layer(base) && !base_has_layer(&in), "a layer only with packages or .deb files");
        none.packages = (char *[]){NULL};
        none.deb_hashes = (char *[]){NULL};
        ok(!base_has_layer(&none), "empty lists are no layer either");

        in = *base;
        in.core_key = "c0ffee";
        in.core_stamp = "1.000000001";
        ok(base_inputs_format(&in, &layer) == 0 && strstr(layer, "\ncore c0ffee 1.000000001\npackage "),
                "the layer's text names its core by key and stamp");
        base_key(layer, k1);
        in.core_stamp = "2.000000001";
        ok(base_inputs_format(&in, &layer2) == 0, "the same layer on a core made again");
        base_key(layer2, k2);
        ok(!streq(k1, k2), "is another layer");
}

int main(void) {
        char *pkgs[] = {"x11-utils", "chromium", NULL};
        char *pkgs_reordered[] = {"chromium", "x11-utils", "chromium", NULL};
        char *hashes[] = {"aa", "bb", NULL};
        char *hashes_swapped[] = {"bb", "aa", NULL};
        BaseInputs base = {
                .suite = "bookworm",
                .arch = "amd64",
                .variant = "minbase",
                .mirror = "http://deb.debian.org/debian",
                .packages = pkgs,
                .deb_hashes = hashes,
        };
        char k0[SHA256_HEX_SIZE], k[SHA256_HEX_SIZE];
        _cleanup_free_ char *text = NULL, *p = NULL;

        ok(base_inputs_format(&base, &text) == 0, "inputs format");
        is_str(text,
                "# make-app-container base; the cache key is the sha256 of this text\n"
                "format 3\nsuite bookworm\narch amd64\nvariant minbase\nmirror "
                "http://deb.debian.org/debian\n"
                "package chromium\npackage x11-utils\ndeb aa\ndeb bb\n",
                "canonical text: sorted packages, debs in order");

        key_of(&base, k0);
        is_int(strlen(k0), 64, "key is 64 hex digits");
        key_of(&base, k);
        is_str(k, k0, "key is stable");

        BaseInputs b = base;
        b.packages = pkgs_reordered;
        key_of(&b, k);
        is_str(k, k0, "package order and duplicates do not matter");

#define CHANGED(field, value, what)                                                                         \
        do {                                                                                                \
                BaseInputs c = base;                                                                        \
                c.field = value;                                                                            \
                key_of(&c, k);                                                                              \
                ok(!streq(k, k0), "key changes with the %s", what);                                         \
        } while (0)
        CHANGED(suite, "trixie", "suite");
        CHANGED(arch, "arm64", "architecture");
        CHANGED(variant, "buildd", "variant");
        CHANGED(mirror, "http://ftp.de.debian.org/debian", "mirror");
        CHANGED(packages, NULL, "package list");
        CHANGED(deb_hashes, NULL, ".deb files");
        CHANGED(deb_hashes, hashes_swapped, ".deb order");

        ok(cache_path("/var/cache/app-container", CACHE_LAYER, k0, ".tmp", &p) == 0, "cache_path");
        ok(strneq(p, "/var/cache/app-container/layers/", 32) && strlen(p) == 32 + 64 + 4, "KEY.tmp path: %s",
                p);
        free(p);
        p = NULL;
        ok(cache_path("/c", CACHE_CORE, k0, "", &p) == 0 && strneq(p, "/c/cores/", 9), "a core's path: %s",
                strna(p));
        ok(cache_key_is_valid(k0), "a key is a valid entry name");
        ok(!cache_key_is_valid("../x") && !cache_key_is_valid("") && !cache_key_is_valid("ABC"),
                "anything else is not");

        test_layers(&base);

        test_debs_hash();
        return tap_done();
}
