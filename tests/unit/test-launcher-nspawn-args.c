/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "macro.h"
#include "names.h"
#include "nspawn-args.h"
#include "passwd-file.h"
#include "path-util.h"
#include "strv-join.h"
#include "tap.h"

#define BASE                                                                                                \
        SYSTEMD_NSPAWN " --quiet --keep-unit --boot --notify-ready=yes --settings=false --link-journal=no " \
                       "--machine=web -D /var/lib/machines/web"

static void check(
        const NspawnContext *c, const char *want_argv, const char *want_devices, const char *what) {
        _cleanup_strv_free_ char **argv = NULL, **devices = NULL;
        _cleanup_free_ char *a = NULL, *d = NULL;

        ok(nspawn_build_argv(c, &argv) == 0, "%s: argv builds", what);
        ok(nspawn_build_device_allow(c, &devices) == 0, "%s: DeviceAllow builds", what);
        a = strv_join(argv, " ");
        d = strv_join(devices, " ");
        is_str(a, want_argv, "%s: argv", what);
        is_str(d, want_devices, "%s: DeviceAllow", what);
}

static void test_grants(void) {
        char *ifs[] = {"eth0", "wlan0", NULL};
        char *dri[] = {"/dev/dri/card0", "/dev/dri/renderD128", NULL};
        char *video[] = {"/dev/video0", NULL};
        BindMount binds[] = {
                {"/home/u/Downloads", "/home/u/Downloads", false, true},
                {"/srv/data", "/data", true, false},
        };
        NspawnContext base = {.name = "web", .directory = "/var/lib/machines/web", .network = NETWORK_OFF};
        NspawnContext c;

        check(&base, BASE " --private-network", "/dev/net/tun rwm char-pts rw", "nothing granted");

        c = base;
        c.network = NETWORK_ON;
        check(&c, BASE, "/dev/net/tun rwm char-pts rw", "network on");
        c.network = NETWORK_NAT;
        check(&c, BASE " --network-veth", "/dev/net/tun rwm char-pts rw", "network nat");
        c.network = NETWORK_SEPARATE;
        c.interfaces = ifs;
        check(&c, BASE " --network-macvlan=eth0 --network-macvlan=wlan0", "/dev/net/tun rwm char-pts rw",
                "network separate");

        c = base;
        c.ephemeral = true;
        c.binds = binds;
        c.n_binds = ELEMENTSOF(binds);
        check(&c,
                BASE
                " --private-network --volatile=overlay --bind=/home/u/Downloads --bind-ro=/srv/data:/data",
                "/dev/net/tun rwm char-pts rw", "ephemeral with binds");
        c.ephemeral = false;
        c.userns = true;
        c.xauthority = "/run/app-container/web/Xauthority";
        c.x11_socket = "/tmp/.X11-unix/X0";
        c.pulse_socket = "/run/user/1000/pulse/native";
        c.dbus_socket = "/run/user/1000/bus";
        c.gpu = true;
        c.dri_nodes = dri;
        check(&c,
                SYSTEMD_NSPAWN " --quiet --keep-unit --boot --notify-ready=yes --settings=false "
                               "--link-journal=no --private-users=pick --private-users-ownership=map "
                               "--machine=web -D /var/lib/machines/web --private-network",
                "/dev/net/tun rwm char-pts rw char-drm rw",
                "user namespace: binds, cookie, sockets and device nodes left to the launcher "
                "(idmap-mount.h)");
        /* the app's own range (uid-range.h): nested, a big uid */
        c.uid_shift = 0x70000000;
        c.uid_range = 131072;
        check(&c,
                SYSTEMD_NSPAWN " --quiet --keep-unit --boot --notify-ready=yes --settings=false "
                               "--link-journal=no --private-users=1879048192:131072 "
                               "--private-users-ownership=map --machine=web -D /var/lib/machines/web "
                               "--private-network",
                "/dev/net/tun rwm char-pts rw char-drm rw", "an own range: SHIFT:RANGE, still map");
        /* ephemeral: nspawn runs over the launcher's idmapped root, not the rootfs */
        c.ephemeral = true;
        c.idmapped_root = "/run/app-container/ephemeral-roots/web";
        check(&c,
                SYSTEMD_NSPAWN
                " --quiet --keep-unit --boot --notify-ready=yes --settings=false "
                "--link-journal=no --private-users=1879048192:131072 "
                "--private-users-ownership=off --machine=web "
                "-D /run/app-container/ephemeral-roots/web --private-network --volatile=overlay",
                "/dev/net/tun rwm char-pts rw char-drm rw",
                "ephemeral in a user namespace: the idmapped root");

        c = base;
        c.gpu = true;
        c.dri_nodes = dri;
        c.webcam = true;
        c.video_nodes = video;
        check(&c,
                BASE
                " --private-network --bind=/dev/dri/card0 --bind=/dev/dri/renderD128 --bind=/dev/video0",
                "/dev/net/tun rwm char-pts rw char-drm rw char-video4linux rw", "gpu and webcam");

        /* nodes found but not granted: neither bound nor allowed */
        c = base;
        c.dri_nodes = dri;
        c.video_nodes = video;
        check(&c, BASE " --private-network", "/dev/net/tun rwm char-pts rw",
                "device nodes without gpu and webcam");

        c = base;
        c.x11_socket = "/tmp/.X11-unix/X0";
        c.xauthority = "/run/app-container/web/Xauthority";
        c.pulse_socket = "/run/user/1000/pulse/native";
        c.dbus_socket = "/run/user/1000/bus";
        check(&c,
                BASE " --private-network --bind-ro=/tmp/.X11-unix/X0"
                     " --bind-ro=/run/app-container/web/Xauthority:/run/app-container/Xauthority"
                     " --bind-ro=/run/user/1000/pulse/native:/run/app-container/pulse/native"
                     " --bind-ro=/run/user/1000/bus:/run/app-container/bus",
                "/dev/net/tun rwm char-pts rw", "gui, sound and dbus");

        c = base;
        c.network = NETWORK_SEPARATE;
        {
                _cleanup_strv_free_ char **argv = NULL;
                is_int(nspawn_build_argv(&c, &argv), -ENONET, "separate without interfaces is refused");
        }

        /* wayland, pipewire, cups: the user's runtime dir a tmpfs of theirs, the sockets read-only in it */
        c = base;
        c.runtime_dir = "/run/user/1000";
        c.runtime_dir_options = "mode=0700,uid=1000,gid=1000";
        c.wayland_socket = "/run/act/binds/wayland";
        c.pipewire_socket = "/run/act/binds/pipewire";
        c.cups_socket = "/run/act/binds/cups";
        check(&c,
                BASE " --private-network --tmpfs=/run/user/1000:mode=0700,uid=1000,gid=1000"
                     " --bind-ro=/run/act/binds/wayland:/run/user/1000/wayland-0"
                     " --bind-ro=/run/act/binds/pipewire:/run/user/1000/pipewire-0"
                     " --bind-ro=/run/act/binds/cups:/run/cups/cups.sock",
                "/dev/net/tun rwm char-pts rw", "wayland, pipewire, cups");
        c.runtime_dir = NULL;
        {
                _cleanup_strv_free_ char **argv = NULL;
                is_int(nspawn_build_argv(&c, &argv), -EINVAL,
                        "a wayland socket without a runtime dir is refused");
        }
        c = base;
        c.runtime_dir = "/run/user/1000";
        c.runtime_dir_options = "mode=0700,uid=1000,gid=1000:x";
        {
                _cleanup_strv_free_ char **argv = NULL;
                is_int(nspawn_build_argv(&c, &argv), -EINVAL, "tmpfs options go through arg_is_safe()");
        }
}

static void test_names(void) {
        _cleanup_free_ char *u = unit_name_for("chrome");
        AppConfig c;
        char *binds[] = {"downloads", NULL};
        _cleanup_free_ char *g = NULL, *g2 = NULL, *g3 = NULL, *g4 = NULL;

        is_str(u, "app-container-chrome.service", "unit name");
        app_config_init(&c);
        c.gui = c.sound = true;
        c.network = NETWORK_NAT;
        c.binds = binds;
        g = grants_to_string(&c);
        is_str(g, "gui,sound,network=nat,bind=downloads", "grants string");
        c.userns = true;
        g2 = grants_to_string(&c);
        is_str(g2, "gui,sound,userns,network=nat,bind=downloads", "grants string: userns");
        c.nested = true;
        g3 = grants_to_string(&c);
        is_str(g3, "gui,sound,nested,network=nat,bind=downloads", "grants string: nested says it all");
        c.nested = c.userns = false;
        c.wayland = c.pipewire = c.cups = true;
        g4 = grants_to_string(&c);
        is_str(g4, "gui,sound,wayland,pipewire,cups,network=nat,bind=downloads",
                "grants string: desktop sockets");
}

static void test_passwd(void) {
        const char *text = "root:x:0:0:root:/root:/bin/bash\n"
                           "testerx:x:1001:1001::/home/testerx:/bin/sh\n"
                           "tester:x:1000:1000::/home/tester:/bin/bash\n";
        _cleanup_free_ char *home = NULL, *shell = NULL;
        uid_t uid;
        gid_t gid;

        ok(passwd_file_find(text, "tester", &uid, &gid, &home, &shell) == 0, "passwd: found");
        ok(uid == 1000 && gid == 1000, "passwd: ids");
        is_str(home, "/home/tester", "passwd: home (a prefix-named user is not confused)");
        is_str(shell, "/bin/bash", "passwd: shell, empty gecos kept");
        is_int(passwd_file_find(text, "nobody", NULL, NULL, NULL, NULL), -ENOENT, "passwd: missing user");
        is_int(passwd_file_find("tester:x:1000\n", "tester", NULL, NULL, NULL, NULL), -ENOENT,
                "passwd: a short line is no entry");
        is_int(passwd_file_find("tester:x:root:0::/root:/bin/sh\n", "tester", &uid, NULL, NULL, NULL),
                -ENOENT, "passwd: nor is one whose uid is no number (it was uid 0)");
        is_int(passwd_file_find("", "tester", NULL, NULL, NULL, NULL), -ENOENT, "passwd: empty file");
        ok(passwd_file_find("# comment\n\ntester:x:1000:1000::/home/tester:\n", "tester", &uid, NULL, NULL,
                   NULL) == 0 &&
                        uid == 1000,
                "passwd: comments and blank lines skipped");
}

/* Every string field of the context that reaches ExecStart= passes arg_is_safe(): a hostile value
 * in any of them makes the builder fail rather than hand systemd or nspawn something to expand. */
static void test_hostile(void) {
        const char *bad[] = {"/home/u/c${X}", "/home/u/$X", "/home/u/%h", "/home/u/a\\b", "/home/u/a:/etc",
                "/home/u/a\nb", ""};
        NspawnContext base = {.name = "web", .directory = "/var/lib/machines/web", .network = NETWORK_ON};

        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                char *l[] = {(char *) bad[i], NULL};
                BindMount src[] = {{(char *) bad[i], "/home/u/x", true, false}};
                BindMount dst[] = {{"/home/u/x", (char *) bad[i], true, false}};
                NspawnContext c;
                char **argv = NULL;
                int fails = 0;

#define TRY(field, value)                                                                                   \
        do {                                                                                                \
                c = base;                                                                                   \
                field = value;                                                                              \
                if (nspawn_build_argv(&c, &argv) == -EINVAL)                                                \
                        fails++;                                                                            \
                strv_free(argv);                                                                            \
                argv = NULL;                                                                                \
        } while (0)
                TRY(c.directory, bad[i]);
                TRY(c.x11_socket, bad[i]);
                TRY(c.xauthority, bad[i]);
                TRY(c.pulse_socket, bad[i]);
                TRY(c.dbus_socket, bad[i]);
                TRY(c.name, bad[i]);
                c = base;
                c.binds = src, c.n_binds = 1;
                fails += nspawn_build_argv(&c, &argv) == -EINVAL;
                strv_free(argv), argv = NULL;
                c.binds = dst;
                fails += nspawn_build_argv(&c, &argv) == -EINVAL;
                strv_free(argv), argv = NULL;
                c = base;
                c.gpu = true, c.dri_nodes = l;
                fails += nspawn_build_argv(&c, &argv) == -EINVAL;
                strv_free(argv), argv = NULL;
                c = base;
                c.network = NETWORK_SEPARATE, c.interfaces = l;
                fails += nspawn_build_argv(&c, &argv) == -EINVAL;
                strv_free(argv), argv = NULL;
#undef TRY
                is_int(fails, 10, "hostile value %zu refused in each of the 10 string fields", i);
        }
}

int main(void) {
        test_hostile();
        test_grants();
        test_names();
        test_passwd();
        return tap_done();
}
