/* SPDX-License-Identifier: GPL-2.0-or-later */
/* umount_below() on real mounts, in a mount namespace of its own (needs root, skipped otherwise). */
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "macro.h"
#include "path-util.h"
#include "tap.h"
#include "umount.h"

static bool mount_tmpfs(const char *path) {
        return mkdir(path, 0755) == 0 && mount("tmpfs", path, "tmpfs", 0, "size=64k") == 0;
}

int main(void) {
        char top[] = "/tmp/test-umount-XXXXXX";
        _cleanup_free_ char *spaced = NULL, *inner = NULL, *sibling = NULL;

        if (geteuid() != 0 || unshare(CLONE_NEWNS) < 0 ||
                mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
                printf("1..0 # SKIP needs root and a mount namespace of its own\n");
                return 0;
        }
        if (!mkdtemp(top) || !(spaced = path_join(top, "a b")) || !(inner = path_join(spaced, "c")) ||
                asprintf(&sibling, "%sx", top) < 0)
                return 1;

        /* a blank in the path: mountinfo writes it as \040 */
        ok(mount_tmpfs(spaced) && mount_tmpfs(inner) && mount_tmpfs(sibling), "mounts made");
        is_int(umount_below(top), 2, "both mounts below it detached, deepest first");
        is_int(umount_below(top), 0, "none left");
        is_int(umount_below(sibling), 1, "a sibling whose name starts with it was not touched");
        is_int(umount_below("/nonexistent"), 0, "no mounts below a missing path");
        /* INNER was made on the tmpfs at SPACED, gone with it */
        ok(rmdir(spaced) == 0 && rmdir(top) == 0 && rmdir(sibling) == 0, "cleaned up");
        return tap_done();
}
