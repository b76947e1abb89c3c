/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "macro.h"
#include "nested-subids.h"
#include "tap.h"
#include "uid-range.h"

/* the ids an app's container needs: 0..65535, the user's ids, the nested sub-ids after them */
static void test_size(void) {
        uint32_t size = 0;

        is_int(uid_range_size(1000, 1000, false, &size), 0, "uid 1000");
        is_int((int) size, 65536, "... needs one slot");
        is_int(uid_range_size(70000, 1000, false, &size), 0, "uid 70000 (bigid)");
        is_int((int) size, 131072, "... needs two: its uid is inside");
        is_int(uid_range_size(1000, 65536, false, &size), 0, "gid 65536");
        is_int((int) size, 131072, "... the gid counts too");
        is_int(uid_range_size(1000, 1000, true, &size), 0, "nested");
        is_int((int) size, 131072, "... its sub-ids a slot of their own");
        is_int((int) nested_subid_start(1000, 1000), 65536, "nested sub-ids from 65536");
        is_int((int) nested_subid_start(70000, 1000), 131072, "... and past a big uid");
        is_int(uid_range_size(70000, 70000, true, &size), 0, "nested bigid");
        is_int((int) size, 196608, "... three slots");
        is_int(uid_range_size(1000000000, 1000, false, &size), -ERANGE, "a uid past what the region holds");
}

static bool disjoint(uint32_t a, uint32_t an, uint32_t b, uint32_t bn) {
        return (uint64_t) a + an <= b || (uint64_t) b + bn <= a;
}

static void test_pick(void) {
        _cleanup_free_ char *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL, *t5 = NULL, *none = NULL,
                            *full = NULL, *junk = NULL, *t6 = NULL;
        uint32_t a = 0, b = 0, c = 0, again = 0;
        bool fresh = false;

        is_int(uid_range_pick(NULL, "a", 65536, &a, &fresh, &t1), 0, "an empty registry");
        ok(a == UID_RANGE_FIRST && fresh, "the first slot of the region (%#x), new", a);
        ok(t1 && strstr(t1, "1879048192 65536 a\n"), "recorded as START SIZE NAME");

        is_int(uid_range_pick(t1, "b", 131072, &b, &fresh, &t2), 0, "a second app");
        ok(fresh && disjoint(a, 65536, b, 131072), "never overlaps the first (%#x, %#x)", a, b);
        ok(b % UID_RANGE_SLOT == 0 && b >= UID_RANGE_FIRST && (uint64_t) b + 131072 <= UID_RANGE_END,
                "slot-aligned, inside the region");

        is_int(uid_range_pick(t2, "a", 65536, &again, &fresh, &t3), 0, "the first app again");
        ok(again == a && !fresh && !t3, "gets its range again, nothing written");
        is_int(uid_range_pick(t2, "ab", 65536, &c, &fresh, &t3), 0, "a name that starts like another");
        ok(fresh && disjoint(c, 65536, a, 65536) && disjoint(c, 65536, b, 131072), "a range of its own");

        /* a grows (nested now): a new range, its old line replaced, nobody else's touched */
        is_int(uid_range_pick(t3, "a", 131072, &again, &fresh, &t4), 0, "an app that needs more ids");
        ok(fresh && disjoint(again, 131072, b, 131072) && disjoint(again, 131072, c, 65536),
                "gets a bigger range that meets no other (%#x)", again);
        ok(t4 && !strstr(t4, "1879048192 65536 a\n") && strstr(t4, " b\n") && strstr(t4, " ab\n"),
                "its old line is gone, the others stay");

        is_int(uid_range_drop(t4, "b", &t5), 1, "remove --purge b");
        ok(t5 && !strstr(t5, " b\n") && strstr(t5, " ab\n") && strstr(t5, " a\n"), "only b's line goes");
        is_int(uid_range_drop(t5, "b", &none), 0, "dropping it again: nothing to drop");

        /* the region used up */
        ok(asprintf(&full, "%u %u x\n", UID_RANGE_FIRST, UID_RANGE_END - UID_RANGE_FIRST) > 0,
                "a full region");
        is_int(uid_range_pick(full, "y", 65536, &c, &fresh, &t1), -ENOSPC,
                "no range when the region is full");
        is_int(uid_range_pick(NULL, "y", 1000, &c, &fresh, &t1), -EINVAL, "a size that is not whole slots");

        /* lines root never writes are skipped; one outside the region is no range of ours */
        ok(asprintf(&junk, "garbage\n1 2\n5 65536 low\n%u 65536\n%u\n65536 z\n", UID_RANGE_FIRST,
                   UID_RANGE_FIRST) > 0,
                "a registry of bad lines");
        is_int(uid_range_pick(junk, "low", 65536, &c, &fresh, &t6), 0, "bad lines are skipped");
        ok(c == UID_RANGE_FIRST && fresh, "a line below the region is not taken as the app's");
}

/* a nested rootfs made before: its sub-ids were host ids, which its user namespace cannot map */
static void test_nested_current(void) {
        ok(nested_subids_current("root:1:2\ntester:65536:65536\n", "tester", 1000, 1000),
                "the sub-ids of now");
        ok(!nested_subids_current("tester:262144:65536\n", "tester", 1000, 1000), "host sub-ids of before");
        ok(!nested_subids_current("tester:65536:65536\ntester:262144:65536\n", "tester", 1000, 1000),
                "a second line for the user");
        ok(!nested_subids_current("tester:65536:65536\n", "tester", 70000, 1000),
                "past a big uid: not 65536");
        ok(nested_subids_current("tester2:1:1\ntester:131072:65536", "tester", 70000, 1000),
                "... but 131072; another user's line is not the user's");
        ok(!nested_subids_current("", "tester", 1000, 1000), "no line for the user");
}

int main(void) {
        test_nested_current();
        test_size();
        test_pick();
        return tap_done();
}
