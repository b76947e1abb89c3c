/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>

#include "macro.h"
#include "nested.h"
#include "tap.h"

/* --nested: the user's sub-ids are ids of the container's own range (uid-range.h), past its 65536
 * and the user's own ids, the same for every container (each has a range of its own on the host) */
static void test_subids(uid_t uid, gid_t gid, const char *want, const char *what) {
        _cleanup_free_ char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);
        Actions a = {.dry_run = true, .out = f};

        is_int(configure_nested(&a, "/var/lib/machines/n", "tester", uid, gid), 0, "%s: --dry-run", what);
        fclose(f);
        ok(out && strstr(out, want), "%s: %s", what, want);
}

int main(void) {
        test_subids(1000, 1000, "echo 'tester:65536:65536' > /var/lib/machines/n/etc/subuid", "uid 1000");
        test_subids(70000, 1000, "echo 'tester:131072:65536' > /var/lib/machines/n/etc/subuid", "uid 70000");
        return tap_done();
}
