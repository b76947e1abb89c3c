/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "dry-run-actions.h"
#include "macro.h"
#include "path-util.h"
#include "tap.h"
#include "user.h"

static char group_path[] = "/tmp/test-creator-user.XXXXXX";

static void write_group_file(void) {
        int fd = mkstemp(group_path);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

        ok(f, "sample group file");
        if (!f)
                return;
        fputs("root:x:0:\n"
              "audio:x:29:pulse\n"
              "video:x:44:\n"
              "users:x:100:\n"
              "broken line without colons\n"
              "plugdev:x:46:\n"
              "nogid:x::\n",
                f);
        fclose(f);
}

static void test_group_file(void) {
        char *host[] = {"audio", "video", "docker", "wheel", "plugdev", NULL};
        _cleanup_strv_free_ char **found = NULL, **none = NULL;

        is_int(group_file_has_gid(group_path, 100), 1, "gid 100 is taken");
        is_int(group_file_has_gid(group_path, 1000), 0, "gid 1000 is free");
        is_int(group_file_has_gid("/nonexistent/group", 1000), -ENOENT, "unreadable group file: -ENOENT");

        is_int(group_file_filter(group_path, host, &found), 0, "filter the host's groups");
        is_int(strv_length(found), 3, "three of them exist inside");
        ok(strv_contains(found, "audio") && strv_contains(found, "video") &&
                        strv_contains(found, "plugdev") && !strv_contains(found, "docker"),
                "audio, video, plugdev; not docker, wheel");
        is_int(group_file_filter("/nonexistent/group", host, &none), 0,
                "unreadable group file is not an error");
        ok(none && !none[0], "  but yields no groups");
}

static void test_argv(void) {
        UserSpec u = {.name = (char *) "tester", .uid = 1000, .gid = 1001};
        char *groups[] = {"audio", "video", NULL};
        _cleanup_strv_free_ char **ga = NULL, **ua = NULL, **ub = NULL;
        _cleanup_free_ char *g = NULL, *a = NULL, *b = NULL;

        is_int(groupadd_argv(&u, &ga), 0, "groupadd argv");
        is_int(command_line_format(ga, &g), 0, "formats");
        is_str(g, "groupadd -g 1001 tester", "groupadd -g GID NAME");

        is_int(useradd_argv(&u, groups, &ua), 0, "useradd argv");
        is_int(command_line_format(ua, &a), 0, "formats");
        is_str(a, "useradd -m -u 1000 -g 1001 -G audio,video -s /bin/bash tester", "useradd with groups");

        is_int(useradd_argv(&u, NULL, &ub), 0, "useradd argv without groups");
        is_int(command_line_format(ub, &b), 0, "formats");
        is_str(b, "useradd -m -u 1000 -g 1001 -s /bin/bash tester", "useradd without -G");
}

static void test_resolve(void) {
        Invoker inv = {
                .name = (char *) "alice-not-on-this-host", .uid = 1234, .gid = 1235, .home = (char *) "/h"};
        _cleanup_free_ char *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL, *e5 = NULL;
        UserSpec u;

        is_int(user_spec_resolve(NULL, (uid_t) -1, (gid_t) -1, &inv, &u, &e1), 0, "defaults to the invoker");
        ok(streq(u.name, inv.name) && u.uid == 1234 && u.gid == 1235, "  name, uid, gid of the invoker");
        user_spec_done(&u);

        is_int(user_spec_resolve("tester-not-on-host", 2000, (gid_t) -1, &inv, &u, &e2), 0,
                "--user unknown to the host with --uid");
        ok(u.uid == 2000 && u.gid == 2000, "  gid defaults to the uid");
        user_spec_done(&u);

        is_int(user_spec_resolve("tester-not-on-host", (uid_t) -1, (gid_t) -1, &inv, &u, &e3), -EINVAL,
                "--user unknown to the host without --uid is refused");
        is_str(e3, "user 'tester-not-on-host' does not exist on this host; pass --uid (and --gid)",
                "  saying so");

        is_int(user_spec_resolve("root", (uid_t) -1, (gid_t) -1, &inv, &u, &e4), -EINVAL, "root is refused");
        ok(e4 && strstr(e4, "refusing to make a container for root"), "  saying so");

        Invoker as_root = {.name = (char *) "root", .uid = 0, .gid = 0, .home = (char *) "/root"};
        is_int(user_spec_resolve(NULL, (uid_t) -1, (gid_t) -1, &as_root, &u, &e5), -EINVAL,
                "root without sudo and without --user is refused");
}

int main(void) {
        write_group_file();
        test_group_file();
        test_argv();
        test_resolve();
        unlink(group_path);
        return tap_done();
}
