/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "macro.h"
#include "nested.h"
#include "tap.h"

/* --nested ranges: disjoint from the host's /etc/subuid and /etc/subgid and from each other, the
 * same again for the same rootfs (rebuild). */
static void test_subid_pick(void) {
        const char *host_uid = "tester:100000:65536\ntester2:165536:65536\n";
        const char *host_gid = "tester:100000:65536\nbig:300000:1000\n";
        uint32_t a = 0, b = 0, again = 0;
        bool fresh = false;
        _cleanup_free_ char *registry = NULL;

        is_int(subid_pick(NULL, NULL, NULL, "/var/lib/machines/a", &a, &fresh), 0, "an empty host");
        ok(a >= NESTED_SUBID_START && a % NESTED_SUBID_COUNT == 0 && fresh, "a range from %u: aligned, new",
                a);

        is_int(subid_pick(host_uid, host_gid, NULL, "/var/lib/machines/a", &a, &fresh), 0,
                "first container");
        ok(a >= 301000 && a % NESTED_SUBID_COUNT == 0, "above every host range (%u >= 301000)", a);
        ok(asprintf(&registry, "%u %u /var/lib/machines/a\n", a, NESTED_SUBID_COUNT) > 0, "recorded");
        is_int(subid_pick(host_uid, host_gid, registry, "/var/lib/machines/b", &b, &fresh), 0,
                "second container");
        ok(b >= a + NESTED_SUBID_COUNT && fresh, "the second range (%u) does not overlap the first (%u)", b,
                a);
        is_int(subid_pick(host_uid, host_gid, registry, "/var/lib/machines/a", &again, &fresh), 0,
                "a rebuild");
        ok(again == a && !fresh, "gets its range again (%u)", again);
        is_int(subid_pick(host_uid, host_gid, registry, "/var/lib/machines/a2", &b, &fresh), 0,
                "a longer name");
        ok(b != a && fresh, "a directory that only starts like another gets a range of its own");
        is_int(subid_pick("x:4294900000:60000\n", NULL, NULL, "/d", &b, &fresh), -ERANGE,
                "no range past the end of the uid space");
        is_int(subid_pick("garbage\n:::\nx:1\n", "y:abc:def\n", "junk\n", "/d", &b, &fresh), 0,
                "bad lines are skipped");
        is_int((int) b, 131072, "... and the first range from 100000 aligned to 65536 is given");
}

int main(void) {
        test_subid_pick();
        return tap_done();
}
