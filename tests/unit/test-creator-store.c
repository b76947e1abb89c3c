/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <linux/magic.h>
#include <string.h>

#include "config.h"

#include "macro.h"
#include "names.h"
#include "store.h"
#include "tap.h"

static void test_mount_unit_names(void) {
        static const struct {
                const char *path, *unit;
        } good[] = {
                {"/var/lib/machines", "var-lib-machines.mount"},
                {"/var/cache/app-container", "var-cache-app\\x2dcontainer.mount"},
                {"/srv/.hidden/a b", "srv-.hidden-a\\x20b.mount"},
                {"/.x", "\\x2ex.mount"},
                {"/ü", "\\xc3\\xbc.mount"},
        };
        const char *bad[] = {"/", "relative", "/a/../b", "/a//b", "/a/", ""};

        for (size_t i = 0; i < ELEMENTSOF(good); i++) {
                _cleanup_free_ char *u = NULL;
                is_int(mount_unit_name_for(good[i].path, &u), 0, "%s has a unit name", good[i].path);
                is_str(u, good[i].unit, "  %s (as systemd-escape --path --suffix=mount)", good[i].unit);
        }
        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                char *u = NULL;
                is_int(mount_unit_name_for(bad[i], &u), -EINVAL, "'%s': no mount unit name", bad[i]);
        }
}

static void test_size(void) {
        uint64_t size = 0;
        const uint64_t gib = (uint64_t) 1 << 30;

        is_int(store_size(&(LimitValue){.value = 50, .percent = true}, 100 * gib, &size), 0,
                "50%% of 100 GiB");
        ok(size == 50 * gib, "  is 50 GiB");
        is_int(store_size(&(LimitValue){.value = 64 * gib + 1}, 10 * gib, &size), 0,
                "a size above the free space: sparse, allowed");
        ok(size == 64 * gib, "  rounded down to 4 KiB");
        is_int(store_size(&(LimitValue){.value = 2 * gib - 4096}, 100 * gib, &size), -ENOSPC,
                "under 2 GiB: -ENOSPC");
        is_int(store_size(&(LimitValue){.value = 1, .percent = true}, 100 * gib, &size), -ENOSPC,
                "1%% of 100 GiB: -ENOSPC");
}

static void test_units(void) {
        _cleanup_free_ char *name = NULL, *text = NULL, *name2 = NULL, *text2 = NULL;

        is_int(store_unit_text(STORE_UNIT_MACHINES, "/var/lib/app-container/machines.img", &name, &text), 0,
                "the store's mount unit");
        is_str(name, "var-lib-machines.mount", "  named for MACHINES_DIR");
        ok(text && strncmp(text, STORE_UNIT_MARK, strlen(STORE_UNIT_MARK)) == 0, "  starts with the mark");
        ok(text &&
                        strstr(text,
                                "\nWhat=/var/lib/app-container/machines.img\nWhere=/var/lib/"
                                "machines\nType=xfs\n"),
                "  mounts the image on MACHINES_DIR as XFS");
        ok(text && strstr(text, "\nOptions=loop,discard\n") && strstr(text, "\nWantedBy=local-fs.target\n"),
                "  through a loop device, freed blocks discarded, at every boot (wanted: a failure does not "
                "stop the boot)");
        is_int(store_unit_text(STORE_UNIT_CACHE, "/x.img", &name2, &text2), 0, "the cache's mount unit");
        is_str(name2, "var-cache-app\\x2dcontainer.mount", "  named for CACHE_DIR");
        ok(text2 && strstr(text2, "\nRequires=var-lib-machines.mount\nAfter=var-lib-machines.mount\n"),
                "  after the store, which it needs");
        ok(text2 &&
                        strstr(text2,
                                "\nWhat=/var/lib/machines/.app-container-cache\nWhere=/var/cache/"
                                "app-container\n") &&
                        strstr(text2, "\nOptions=bind\n"),
                "  binds the store's hidden cache directory on CACHE_DIR");
}

static void test_fs(void) {
        ok(fs_shares_extents(&(struct statfs){.f_type = 0x58465342}), "XFS shares extents");
        ok(fs_shares_extents(&(struct statfs){.f_type = BTRFS_SUPER_MAGIC}), "btrfs shares extents");
        ok(!fs_shares_extents(&(struct statfs){.f_type = EXT4_SUPER_MAGIC}), "ext4 does not");
        ok(!fs_shares_extents(&(struct statfs){.f_type = TMPFS_MAGIC}), "tmpfs does not");
}

int main(void) {
        test_mount_unit_names();
        test_size();
        test_units();
        test_fs();
        return tap_done();
}
