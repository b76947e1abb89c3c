/* SPDX-License-Identifier: GPL-2.0-or-later */
/* host-look (host-look.h), nvidia (nvidia.h) and the resource limits as unit properties
 * (unit-limits.h): what the launcher plans from a fake root, compared with a golden file. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "config.h"

#include "host-look.h"
#include "macro.h"
#include "nspawn-args.h"
#include "nvidia.h"
#include "path-util.h"
#include "strv-join.h"
#include "tap.h"
#include "unit-limits.h"

static char tmpdir[] = "/tmp/test-launcher-look.XXXXXX";

static void touch(const char *rel) {
        _cleanup_free_ char *p = path_join(tmpdir, rel), *cmd = NULL;
        int fd;

        if (asprintf(&cmd, "mkdir -p \"$(dirname '%s')\"", p) < 0 || system(cmd) != 0)
                return;
        fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd >= 0)
                close(fd);
}

static char *read_golden(const char *name) {
        _cleanup_free_ char *p = path_join(GOLDEN_DIR, name);
        FILE *f = p ? fopen(p, "re") : NULL;
        char *buf = calloc(1, 65536);
        size_t n;

        if (!f || !buf) {
                if (f)
                        fclose(f);
                free(buf);
                return NULL;
        }
        n = fread(buf, 1, 65535, f);
        buf[n] = 0;
        fclose(f);
        return buf;
}

/* The nvidia plan of a fake root: libraries in two of the directories (one name in both: the
 * first wins), a symlink, ICD files, noise that must not match; device nodes when we may mknod. */
static void test_nvidia_plan(void) {
        _cleanup_(nvidia_driver_done) NvidiaDriver d = {};
        _cleanup_strv_free_ char **argv = NULL, **devices = NULL;
        _cleanup_free_ char *plan = NULL, *want = NULL, *empty = NULL, *lnk = NULL;
        /* in devices_list()'s order */
        char *fake_nodes[] = {
                "/dev/nvidia-modeset", "/dev/nvidia-uvm", "/dev/nvidia0", "/dev/nvidiactl", NULL};
        bool nodes = true;
        size_t size = 0;
        FILE *f;

        empty = path_join(tmpdir, "empty");
        ok(mkdir(empty, 0755) == 0 && nvidia_discover(empty, &d) == -ENOENT, "no driver: -ENOENT");

        touch("root/usr/lib/x86_64-linux-gnu/nvidia/current/libGLX_nvidia.so.550.54");
        touch("root/usr/lib/x86_64-linux-gnu/nvidia/current/libnvidia-glcore.so.550.54");
        touch("root/usr/lib/x86_64-linux-gnu/libnvidia-glcore.so.550.54"); /* shadowed by current/ */
        touch("root/usr/lib/x86_64-linux-gnu/libcuda.so.550.54");
        touch("root/usr/lib/x86_64-linux-gnu/libEGL_nvidia.so.0");
        touch("root/usr/lib/x86_64-linux-gnu/libGL.so.1"); /* glvnd's: the container has its own */
        touch("root/usr/lib/x86_64-linux-gnu/libnvidiafake.so"); /* no '-': not the driver's */
        touch("root/usr/share/vulkan/icd.d/nvidia_icd.json");
        touch("root/usr/share/vulkan/icd.d/radeon_icd.x86_64.json");
        touch("root/usr/share/glvnd/egl_vendor.d/10_nvidia.json");
        touch("root/usr/share/glvnd/egl_vendor.d/50_mesa.json");
        touch("root/usr/bin/nvidia-smi");
        lnk = path_join(tmpdir, "root/usr/lib/x86_64-linux-gnu/libcuda.so.1");
        ok(symlink("libcuda.so.550.54", lnk) == 0, "symlink libcuda.so.1");
        /* device nodes need CAP_MKNOD; without it the plan lists the same nodes (fake_nodes) */
        touch("root/dev/.keep");
        for (char **n = fake_nodes; *n; n++) {
                _cleanup_free_ char *p = NULL;

                if (asprintf(&p, "%s/root%s", tmpdir, *n) < 0 ||
                        mknod(p, S_IFCHR | 0666, makedev(195, (unsigned) (n - fake_nodes))) < 0)
                        nodes = false;
        }
        {
                _cleanup_free_ char *root = path_join(tmpdir, "root");

                ok(nvidia_discover(root, &d) == 0, "the fake driver is found");
        }
        if (!nodes) {
                printf("# no CAP_MKNOD: the device nodes of the plan are given, not found\n");
                strv_free(d.devices);
                d.devices = strv_copy(fake_nodes);
        }
        NspawnContext c = {
                .name = "game",
                .directory = "/var/lib/machines/game",
                .network = NETWORK_OFF,
                .binds = d.binds,
                .n_binds = d.n_binds,
                .nvidia_nodes = d.devices,
        };
        ok(nspawn_build_argv(&c, &argv) == 0 && nspawn_build_device_allow(&c, &devices) == 0,
                "the plan builds");
        f = open_memstream(&plan, &size);
        for (size_t i = 0; argv && argv[i]; i++)
                fprintf(f, "ExecStart: %s\n", streq(argv[i], SYSTEMD_NSPAWN) ? "systemd-nspawn" : argv[i]);
        for (size_t i = 0; devices && devices[i] && devices[i + 1]; i += 2)
                fprintf(f, "DeviceAllow: %s %s\n", devices[i], devices[i + 1]);
        for (size_t i = 0; d.env && d.env[i]; i++)
                fprintf(f, "env: %s\n", d.env[i]);
        fclose(f);
        want = read_golden("nvidia-plan.txt");
        ok(want != NULL, "golden file exists");
        is_str(plan, want, "the nvidia plan matches tests/unit/golden/nvidia-plan.txt");
        for (size_t i = 0; i < d.n_binds; i++)
                ok(d.binds[i].read_only && d.binds[i].optional && d.binds[i].fixed_destination &&
                                path_is_below(d.binds[i].destination, NVIDIA_DIR),
                        "%s: read-only, below %s", d.binds[i].source, NVIDIA_DIR);
}

static void test_host_look(void) {
        _cleanup_strv_free_ char **env = NULL, **argv = NULL;
        _cleanup_free_ char *a = NULL, *etc = NULL, *lt = NULL, *rootfs = NULL, *evil = NULL;
        BindMount *b = NULL;
        size_t n = 0;
        char buf[256];
        ssize_t k;
        bool below = true, ro = true, fixed = true;

        ok(host_look_binds("/home/u", &b, &n) == 0 && n > 0, "host-look binds");
        for (size_t i = 0; i < n; i++) {
                below = below && path_is_below(b[i].destination, HOST_LOOK_DIR);
                ro = ro && b[i].read_only && b[i].optional;
                fixed = fixed && b[i].fixed_destination;
        }
        ok(below && ro && fixed, "all read-only, optional, below %s", HOST_LOOK_DIR);
        ok(streq(b[2].source, "/home/u/.local/share/fonts"), "the user's fonts from the home: %s",
                b[2].source);
        bind_mount_free_many(b, n);
        ok(host_look_env("/home/u", &env) == 0 &&
                        strv_contains(env, "FONTCONFIG_FILE=" HOST_LOOK_FONTS_CONF),
                "FONTCONFIG_FILE points at our fonts.conf");
        ok(strstr(host_look_fonts_conf, "<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>") &&
                        !strstr(host_look_fonts_conf, "cachedir"),
                "fonts.conf keeps the container's configuration and caches");

        NspawnContext c = {.name = "web",
                .directory = "/var/lib/machines/web",
                .network = NETWORK_ON,
                .host_look = true,
                .fonts_conf = "/run/app-container/1000/state/web/fonts.conf"};
        ok(nspawn_build_argv(&c, &argv) == 0, "argv builds");
        a = strv_join(argv, " ");
        ok(strstr(a, " --bind-ro=/run/app-container/1000/state/web/fonts.conf:" HOST_LOOK_FONTS_CONF) &&
                        strstr(a, " --timezone=off"),
                "fonts.conf bound, --timezone=off: %s", a);

        /* the image's /etc/localtime becomes the link into the host's /etc, replacing a file */
        rootfs = path_join(tmpdir, "rootfs");
        etc = path_join(rootfs, "etc");
        lt = path_join(etc, "localtime");
        ok(mkdir(rootfs, 0755) == 0 && mkdir(etc, 0755) == 0, "fake rootfs");
        touch("rootfs/etc/localtime");
        ok(host_look_link_localtime(rootfs) == 0, "link localtime");
        k = readlink(lt, buf, sizeof(buf) - 1);
        buf[k < 0 ? 0 : k] = 0;
        is_str(buf, HOST_LOOK_ETC "/localtime", "/etc/localtime links into the host's /etc");
        ok(host_look_link_localtime(rootfs) == 0, "linking again is a no-op");
        /* an image whose /etc is a symlink: root must not follow it out of the rootfs */
        evil = path_join(tmpdir, "evil");
        ok(mkdir(evil, 0755) == 0, "a directory outside the rootfs");
        {
                _cleanup_free_ char *r2 = path_join(tmpdir, "rootfs2"), *e2 = path_join(r2, "etc"),
                                    *victim = path_join(evil, "localtime");
                ok(mkdir(r2, 0755) == 0 && symlink(evil, e2) == 0, "rootfs2 with /etc -> %s", evil);
                ok(host_look_link_localtime(r2) < 0, "refused: /etc is a symlink");
                ok(access(victim, F_OK) < 0, "nothing made in the symlink's target");
        }
}

static void test_limits(void) {
        AppConfig c;
        UnitProperty l[UNIT_LIMITS_MAX];
        size_t n = 99;
        _cleanup_free_ char *s = NULL;

        app_config_init(&c);
        ok(unit_limits_build(&c, l, &n) == 0 && n == 0, "no limits: no properties");
        c.memory_max = (char *) "512M";
        c.cpu_weight = (char *) "";
        c.cpu_quota = (char *) "50%";
        c.tasks_max = (char *) "10%";
        c.io_weight = (char *) "200";
        ok(unit_limits_build(&c, l, &n) == 0 && n == 4, "four limits");
        ok(streq(l[0].name, "MemoryMax") && l[0].type == 't' && l[0].value == 512ULL << 20, "MemoryMax");
        ok(streq(l[1].name, "CPUQuotaPerSecUSec") && l[1].value == 500000, "CPUQuotaPerSecUSec");
        ok(streq(l[2].name, "TasksMaxScale") && l[2].type == 'u' && l[2].value == UINT32_MAX / 10,
                "TasksMaxScale");
        ok(streq(l[3].name, "IOWeight") && l[3].value == 200, "IOWeight");
        s = unit_property_to_string(l);
        is_str(s, "MemoryMax=536870912", "shown as systemctl shows it");
        c.memory_max = (char *) "50%";
        c.cpu_weight = (char *) "7";
        ok(unit_limits_build(&c, l, &n) == 0 && n == 5 && streq(l[0].name, "MemoryMaxScale") &&
                        l[0].value == UINT32_MAX / 2 && streq(l[1].name, "CPUWeight") && l[1].value == 7,
                "MemoryMaxScale, CPUWeight");
        c.io_weight = (char *) "0";
        ok(unit_limits_build(&c, l, &n) == -EINVAL, "a bad value is refused, not sent");
}

int main(void) {
        if (!mkdtemp(tmpdir))
                return 2;
        test_nvidia_plan();
        test_host_look();
        test_limits();
        {
                _cleanup_free_ char *cmd = NULL;
                if (asprintf(&cmd, "rm -rf '%s'", tmpdir) >= 0)
                        (void) !system(cmd);
        }
        return tap_done();
}
