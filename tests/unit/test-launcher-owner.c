/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <sys/stat.h>
#include <unistd.h>

#include "macro.h"
#include "names.h"
#include "owner.h"
#include "path-util.h"
#include "refcount.h"
#include "tap.h"

/* each kind of object in a name space of its own: no app name reaches another app's */
static void test_run_paths(void) {
        RunPaths a = {}, b = {};

        ok(run_paths_for("/run/x", 1000, "a", &a) == 0 && run_paths_for("/run/x", 1000, "a.lock", &b) == 0,
                "paths");
        is_str(a.user_dir, "/run/x/1000", "per user");
        is_str(a.lock_dir, "/run/x/1000/lock", "locks of their own");
        is_str(a.state_dir, "/run/x/1000/state/a", "state of its own");
        is_str(b.state_dir, "/run/x/1000/state/a.lock", "app a.lock's state is no lock file of app a");
        run_paths_done(&a);
        ok(run_paths_for("/run/x", 1001, "a", &a) == 0, "another user");
        is_str(a.lock_dir, "/run/x/1001/lock", "another user's app a has other locks");
        run_paths_done(&a);
        run_paths_done(&b);
}

static void test_machine_matches(void) {
        MachineInfo m = {
                .unit = (char *) "app-container-t1.service",
                .root_directory = (char *) "/var/lib/machines/t1",
        };
        _cleanup_free_ char *d = NULL;

        ok(machine_matches(&m, "app-container-t1.service", "/var/lib/machines/t1", false), "ours");
        ok(!machine_matches(&m, "app-container-t1.service", "/var/lib/machines/t2", false),
                "another root directory: not ours");
        ok(!machine_matches(&m, "app-container-t2.service", "/var/lib/machines/t1", false),
                "another unit: not ours");
        m.root_directory = (char *) "/var/lib/machines/.#machine.t10123456789abcdef";
        ok(machine_matches(&m, "app-container-t1.service", "/var/lib/machines/t1", true),
                "nspawn's ephemeral copy");
        ok(!machine_matches(&m, "app-container-t1.service", "/var/lib/machines/t1", false),
                "... only when the conf says ephemeral");
        m.root_directory = (char *) "/var/lib/machines/.#machine.t1x0123456789abcdef";
        ok(!machine_matches(&m, "app-container-t1.service", "/var/lib/machines/t1", true),
                "the copy of another directory is not");
        m.root_directory = (char *) EPHEMERAL_ROOTS_DIR "/t1";
        ok(machine_matches(&m, "app-container-t1.service", "/var/lib/machines/t1", true),
                "the launcher's idmapped root of an ephemeral start");
        ok(!machine_matches(&m, "app-container-t1.service", "/var/lib/machines/t1", false),
                "... only when the conf says ephemeral");
        ok(!machine_matches(&m, "app-container-t2.service", "/var/lib/machines/t1", true),
                "... and only the one named for the unit's machine");
        m.root_directory = (char *) EPHEMERAL_ROOTS_DIR "/t2";
        ok(!machine_matches(&m, "app-container-t1.service", "/var/lib/machines/t1", true),
                "... not another machine's idmapped root");
        m.root_directory = (char *) EPHEMERAL_ROOTS_DIR "/t1/x";
        ok(!machine_matches(&m, "app-container-t1.service", "/var/lib/machines/t1", true),
                "... not a path beneath it");
        m.root_directory = NULL;
        ok(!machine_matches(&m, "app-container-t1.service", "/var/lib/machines/t1", false),
                "no root directory: not ours");
        ok(owner_description("t1", 1000, "/var/lib/machines/t1", &d) == 0, "description");
        is_str(d, "App container t1 of uid 1000 from /var/lib/machines/t1", "names the user and the rootfs");
}

/* as root: the lock files are the owner's, 0600 */
static void test_lock_owner(void) {
        char dir[] = "/tmp/test-owner.XXXXXX";
        _cleanup_free_ char *p = NULL;
        _cleanup_close_ int fd = -1;
        struct stat st;

        if (geteuid() != 0 || !mkdtemp(dir)) {
                ok(1, "# SKIP lock file owners need root");
                return;
        }
        ok(refcount_mutex_lock(dir, "a", 4242, &fd) == 0, "mutex for uid 4242");
        p = path_join(dir, "a.lock");
        ok(p && stat(p, &st) == 0 && st.st_uid == 4242 && (st.st_mode & 07777) == 0600,
                "a.lock: uid 4242, mode 0600 (no other user opens it)");
        fd = safe_close(fd);
        (void) chmod(p, 0666);
        ok(refcount_mutex_lock(dir, "a", 4243, &fd) == 0 && stat(p, &st) == 0 && st.st_uid == 4243 &&
                        (st.st_mode & 07777) == 0600,
                "taken again for another owner: its, 0600 again");
        fd = safe_close(fd);
        unlink(p);
        ok(symlink("/etc/passwd", p) == 0 && refcount_mutex_lock(dir, "a", 4242, &fd) == -ELOOP,
                "a symlink in its place is not followed");
        unlink(p);
        rmdir(dir);
}

int main(void) {
        test_run_paths();
        test_machine_matches();
        test_lock_owner();
        return tap_done();
}
