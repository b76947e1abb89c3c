/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind-runtime.h"
#include "bind-sound.h"
#include "bind-stage.h"
#include "bind-x11.h"
#include "dbus-proxy.h"
#include "devices.h"
#include "grants.h"
#include "host-look.h"
#include "idmap-mount.h"
#include "io-util.h"
#include "log.h"
#include "macro.h"
#include "netif.h"
#include "nspawn-args.h"
#include "nvidia.h"
#include "path-util.h"
#include "session-bus.h"
#include "show.h"
#include "validate.h"

void grants_done(Grants *g) {
        bind_mount_free_many(g->binds, g->n_binds);
        strv_free(g->interfaces);
        strv_free(g->dri_nodes);
        strv_free(g->video_nodes);
        free(g->x11_socket);
        free(g->x11_inside);
        free(g->xauthority);
        free(g->pulse_socket);
        free(g->dbus_socket);
        free(g->runtime_dir);
        free(g->runtime_dir_options);
        free(g->wayland_socket);
        free(g->pipewire_socket);
        free(g->cups_socket);
        strv_free(g->inside_env);
        free(g->fonts_conf);
        strv_free(g->nvidia_nodes);
        /* once the unit is up (or failed) the container has its own mounts: the staging ones go */
        if (g->stage_dir)
                (void) bind_stage_clear(g->stage_dir);
        free(g->stage_dir);
        *g = (Grants){};
}

static int add_env(char ***dst, char **src) {
        int r = 0;

        for (size_t i = 0; r >= 0 && src && src[i]; i++)
                r = strv_extend(dst, src[i]);
        strv_free(src);
        return r;
}

/* appends the N binds of M to G's (and frees M) */
static int append_binds(Grants *g, BindMount *m, size_t k) {
        BindMount *n = realloc(g->binds, sizeof(BindMount) * (g->n_binds + k));

        if (!n) {
                bind_mount_free_many(m, k);
                return -ENOMEM;
        }
        g->binds = n;
        memcpy(g->binds + g->n_binds, m, sizeof(BindMount) * k);
        g->n_binds += k;
        free(m);
        return 0;
}

/* host-look and nvidia: binds the launcher chose, checked and staged like the user's own */
static int add_grant_binds(Context *c, Grants *g) {
        int r;

        if (c->config.host_look) {
                BindMount *m;
                size_t k;
                char **env = NULL;

                r = host_look_binds(c->caller.home, &m, &k);
                if (r >= 0)
                        r = append_binds(g, m, k);
                if (r >= 0)
                        r = host_look_env(c->caller.home, &env);
                if (r >= 0)
                        r = add_env(&g->inside_env, env);
                if (r < 0)
                        return log_oom();
        }
        if (c->config.nvidia) {
                _cleanup_(nvidia_driver_done) NvidiaDriver d = {};

                r = nvidia_discover("/", &d);
                if (r == -ENOENT)
                        return log_error_errno(r,
                                "nvidia = true, but no NVIDIA driver was found on the host (no libnvidia-* "
                                "libraries, no /dev/nvidiactl).");
                if (r < 0)
                        return log_error_errno(r, "Failed to look for the NVIDIA driver: %m");
                r = append_binds(g, TAKE_PTR(d.binds), d.n_binds);
                d.n_binds = 0;
                if (r >= 0)
                        r = add_env(&g->inside_env, TAKE_PTR(d.env));
                if (r < 0)
                        return log_oom();
                g->nvidia_nodes = TAKE_PTR(d.devices);
        }
        return 0;
}

static int resolve_binds(Context *c, Grants *g) {
        _cleanup_free_ char *why = NULL;
        int r;

        for (size_t i = 0; c->config.binds && c->config.binds[i]; i++) {
                BindMount *m;
                size_t k;

                r = bind_spec_resolve(c->config.binds[i], c->caller.home, c->name, &m, &k);
                if (r < 0)
                        return log_error_errno(r, "Failed to resolve bind '%s': %m", c->config.binds[i]);
                if (append_binds(g, m, k) < 0)
                        return log_oom();
        }
        r = add_grant_binds(c, g);
        if (r < 0)
                return r;
        /* the privileged half mounts what it checked; a dry run only shows the user's paths */
        if (geteuid() == 0 && !show_dry_run()) {
                g->stage_dir = path_join(c->state_dir, "binds");
                if (!g->stage_dir)
                        return log_oom();
                r = bind_stage_prepare(g->stage_dir);
                if (r < 0)
                        return log_error_errno(r, "Failed to set up %s: %m", g->stage_dir);
        }
        r = validate_binds(&c->caller, c->config.directory, g->stage_dir, g->binds, &g->n_binds, &why);
        if (r < 0)
                return log_error_errno(r, "%s: %s", c->conf_path, why ?: strerror(-r));
        return 0;
}

/* Opens PATH as the caller, checks it with socket_check_as_caller()'s rules on that fd, and stages
 * it (bind-stage.h): *path becomes the staging path. Here and not in bind-stage.c, which stays
 * below validate.c. */
static int stage_socket(const Caller *c, const char *stage_dir, const char *key, char **path) {
        _cleanup_close_ int fd = -1;
        _cleanup_free_ char *staged = NULL;
        int r;

        r = socket_check_as_caller(c, *path, &fd);
        if (r < 0)
                return r;
        r = bind_stage_fd(stage_dir, key, fd, &staged);
        if (r < 0)
                return r;
        free(*path);
        *path = TAKE_PTR(staged);
        return 0;
}

/* wayland, pipewire, cups (bind-runtime.h); the first two in the user's runtime dir inside */
static int prepare_desktop_sockets(Context *c, Grants *g) {
        const char *xdg = env_get(c->env, "XDG_RUNTIME_DIR");
        char **env = NULL;
        int r;

        if (c->config.wayland || c->config.pipewire) {
                r = runtime_dir_inside(
                        c->caller.uid, c->config.gid, &g->runtime_dir, &g->runtime_dir_options, &env);
                if (r < 0 || add_env(&g->inside_env, env) < 0)
                        return log_oom();
        }
        if (c->config.wayland) {
                r = wayland_prepare(&c->caller, xdg, env_get(c->env, "WAYLAND_DISPLAY"),
                        c->config.gui || c->config.gui_private, &g->wayland_socket, &env);
                if (r < 0)
                        return r;
                if (add_env(&g->inside_env, env) < 0)
                        return log_oom();
        }
        if (c->config.pipewire) {
                r = pipewire_prepare(&c->caller, xdg, &g->pipewire_socket, &env);
                if (r < 0)
                        return r;
                if (add_env(&g->inside_env, env) < 0)
                        return log_oom();
        }
        if (c->config.cups) {
                r = cups_prepare(&c->caller, &g->cups_socket, &env);
                if (r < 0)
                        return r;
                if (add_env(&g->inside_env, env) < 0)
                        return log_oom();
        }
        return 0;
}

int prepare_grants(Context *c, Grants *g) {
        const char *xdg = env_get(c->env, "XDG_RUNTIME_DIR");
        _cleanup_free_ char *cookie = NULL;
        int r;

        r = resolve_binds(c, g);
        if (r < 0)
                return r;
        if (effective_network(c) == NETWORK_SEPARATE) {
                r = netif_list_physical("/sys/class/net", &g->interfaces);
                if (r < 0)
                        return log_error_errno(r, "Failed to list network interfaces: %m");
                if (strv_length(g->interfaces) == 0)
                        return log_error_errno(
                                -ENONET, "network = separate, but no network interface is up.");
        }
        if (c->config.gpu && (r = devices_list("/dev/dri", "", &g->dri_nodes)) < 0)
                return log_error_errno(r, "Failed to list /dev/dri: %m");
        if (c->config.webcam && (r = devices_list("/dev", "video", &g->video_nodes)) < 0)
                return log_error_errno(r, "Failed to list /dev/video*: %m");

        if (c->config.gui || c->config.gui_private) {
                const char *display = env_get(c->env, "DISPLAY");
                char **env = NULL;

                if (!display)
                        return log_error_errno(-EINVAL, "%s = true, but DISPLAY is not set.",
                                c->config.gui_private ? "gui-private" : "gui");
                cookie = path_join(c->state_dir, "Xauthority");
                if (!cookie)
                        return log_oom();
                if (c->config.gui_private)
                        r = x11_private_start(c->bus, &c->caller, display, env_get(c->env, "XAUTHORITY"),
                                cookie, c->xephyr_unit, c->unit, &g->x11_socket, &env);
                else
                        r = x11_prepare(&c->caller, display, env_get(c->env, "XAUTHORITY"), cookie,
                                &g->x11_socket, &env);
                if (r < 0)
                        return r; /* logged by the helper: the reasons differ too much for one message */
                g->xauthority = TAKE_PTR(cookie);
                if (add_env(&g->inside_env, env) < 0)
                        return log_oom();
        }
        if (c->config.sound) {
                char **env = NULL;
                r = sound_prepare(&c->caller, xdg, env_get(c->env, "PULSE_SERVER"), &g->pulse_socket, &env);
                if (r < 0)
                        return r;
                if (add_env(&g->inside_env, env) < 0)
                        return log_oom();
        }
        /* rootless podman (nested) takes a session bus for systemd --user's and fails on ours:
         * without one it manages its cgroups itself, as before there was a private bus */
        if (!c->config.nested) {
                char **env = NULL;
                /* always: the user's runtime dir and the private session bus inside, unless the
                 * app's session bus is the host's */
                if (session_bus_env(c->caller.uid, c->config.dbus, &env) < 0 ||
                        add_env(&g->inside_env, env) < 0)
                        return log_oom();
        }
        if (c->config.dbus != DBUS_OFF) {
                const char *what = c->config.dbus == DBUS_FULL ? "dbus = full" : "dbus = filtered";
                char **env = NULL;

                r = dbus_prepare(&c->caller, xdg, env_get(c->env, "DBUS_SESSION_BUS_ADDRESS"), what,
                        &g->dbus_socket, &env);
                if (r < 0)
                        return r;
                if (add_env(&g->inside_env, env) < 0)
                        return log_oom();
        }
        /* full too: the host bus must see the user, not the app's shifted uid */
        if (c->config.dbus != DBUS_OFF) {
                _cleanup_free_ char *host_bus = TAKE_PTR(g->dbus_socket);

                /* the container gets the proxy's socket, staged below like the others */
                r = dbus_proxy_start(c->bus, &c->caller, host_bus, c->state_dir,
                        c->config.dbus == DBUS_FILTERED, c->config.dbus_talk, c->config.dbus_own,
                        c->dbus_proxy_unit, c->unit, &g->dbus_socket);
                if (r < 0)
                        return r;
        }
        r = prepare_desktop_sockets(c, g);
        if (r < 0)
                return r;
        if (c->config.host_look && !(g->fonts_conf = path_join(c->state_dir, "fonts.conf")))
                return log_oom();
        /* the sockets checked above, staged from an fd opened and checked again as the caller */
        if (g->x11_socket && !(g->x11_inside = strdup(g->x11_socket)))
                return log_oom();
        for (size_t i = 0; g->stage_dir && i < 6; i++) {
                const char *key = (const char *[]){"x11", "pulse", "dbus", "wayland", "pipewire", "cups"}[i];
                char **p = (char **[]){&g->x11_socket, &g->pulse_socket, &g->dbus_socket, &g->wayland_socket,
                        &g->pipewire_socket, &g->cups_socket}[i];

                if (*p && (r = stage_socket(&c->caller, g->stage_dir, key, p)) < 0)
                        return log_error_errno(r, "Failed to stage the %s socket %s: %m", key, *p);
        }
        return 0;
}

static int mount_one(Context *c, pid_t leader, const UserNsMap *map, int userns_fd, const char *source,
        const char *destination, bool read_only) {
        Step s;
        int r;

        if (!step_begin(&s, "mount %s on %s%s, %s, nosuid, nodev", source, destination,
                    read_only ? " read-only" : "",
                    userns_fd >= 0 || show_dry_run() ? "idmapped: the user's ids alone"
                                                     : "not idmapped (root's socket)"))
                return 0;
        r = idmap_mount(leader, c->leader_pidfd, map, userns_fd, source, destination, read_only);
        step_end(&s, r);
        if (r == -EOPNOTSUPP)
                return log_error_errno(r, "Cannot mount %s in %s: its file system has no idmapped mounts.",
                        source, c->name);
        if (r < 0)
                return log_error_errno(
                        r, "Failed to mount %s on %s in %s: %m", source, destination, c->name);
        return 0;
}

int grants_mount_idmapped(Context *c, const Grants *g, pid_t leader) {
        _cleanup_close_ int userns = -1;
        UserNsMap map = {.range = USERNS_RANGE};
        int r;

        /* read once: every node and mount below goes by the same map */
        if (!show_dry_run()) {
                r = leader_uid_map(leader, c->leader_pidfd, &map);
                if (r < 0)
                        return log_error_errno(r, "Failed to read the user namespace of %s: %m", c->name);
        }

        for (size_t i = 0; i < 2; i++) {
                char **nodes = i == 0 ? (c->config.gpu ? g->dri_nodes : NULL)
                                      : (c->config.webcam ? g->video_nodes : NULL);

                for (size_t k = 0; nodes && nodes[k]; k++) {
                        Step s;

                        if (!step_begin(&s, "mknod %s in the container, mode 0600, owner uid %u gid %u",
                                    nodes[k], (unsigned) c->caller.uid, (unsigned) c->config.gid))
                                continue;
                        r = device_node_make(
                                leader, c->leader_pidfd, &map, nodes[k], c->caller.uid, c->config.gid);
                        step_end(&s, r);
                        if (r < 0)
                                return log_error_errno(r, "Failed to make %s in %s: %m", nodes[k], c->name);
                }
        }
        if (g->n_binds == 0 && !g->xauthority && !g->x11_socket && !g->pulse_socket && !g->dbus_socket &&
                !g->wayland_socket && !g->pipewire_socket && !g->cups_socket)
                return 0;
        if (!show_dry_run()) {
                r = idmap_userns_open(c->caller.uid, c->config.gid, &map, &userns);
                if (r == -ERANGE)
                        return log_error_errno(r, "uid %u or gid %u does not fit in the container's %u ids.",
                                (unsigned) c->caller.uid, (unsigned) c->config.gid, (unsigned) map.range);
                if (r < 0)
                        return log_error_errno(r, "Failed to make the user namespace of the binds: %m");
        }
        for (size_t i = 0; i < g->n_binds; i++) {
                const BindMount *b = g->binds + i;

                r = mount_one(c, leader, &map, userns, b->source, b->destination ?: b->source, b->read_only);
                if (r < 0)
                        return r;
        }
        /* the sockets (staged as the binds are): owned by the user inside whatever their mode */
        {
                _cleanup_free_ char *wayland = g->runtime_dir
                        ? path_join(g->runtime_dir, INSIDE_WAYLAND_NAME)
                        : NULL,
                                    *pipewire = g->runtime_dir
                        ? path_join(g->runtime_dir, INSIDE_PIPEWIRE_NAME)
                        : NULL;
                const char *src[] = {g->xauthority, g->x11_socket, g->pulse_socket, g->dbus_socket,
                        g->wayland_socket, g->pipewire_socket, g->cups_socket};
                const char *dst[] = {INSIDE_XAUTHORITY, g->x11_inside, INSIDE_PULSE_SOCKET,
                        INSIDE_DBUS_SOCKET, wayland, pipewire, INSIDE_CUPS_SOCKET};

                /* the desktop's sockets land in the runtime dir nspawn mounted (nspawn-args.c) */
                if ((g->wayland_socket && !wayland) || (g->pipewire_socket && !pipewire))
                        return log_oom();

                for (size_t i = 0; i < ELEMENTSOF(src); i++) {
                        struct stat st;
                        /* a socket of root's (an X server's, 0777) as it is: through the user's map
                         * its owner would be unnamed, and the kernel refuses connect() (a write)
                         * then; the user's own (uid and gid) through the map, whatever its mode */
                        bool idmap = i == 0 || show_dry_run() ||
                                (src[i] && stat(src[i], &st) >= 0 && st.st_uid == c->caller.uid &&
                                        st.st_gid == c->config.gid);

                        if (src[i] &&
                                (r = mount_one(c, leader, &map, idmap ? userns : -1, src[i],
                                         dst[i] ?: src[i], true)) < 0)
                                return r;
                }
        }
        return 0;
}

/* RUN_DIR/UID/state/NAME/FILE (root's directory) replaced by TEXT, mode 0644 */
int save_state_file(Context *c, const char *file, const char *text) {
        _cleanup_free_ char *p = path_join(c->state_dir, file);

        if (!p)
                return -ENOMEM;
        return write_file_atomic_at(AT_FDCWD, p, text, strlen(text), 0644, (uid_t) -1, (gid_t) -1);
}

/* The inside environment decided at start (DISPLAY, XAUTHORITY, PULSE_SERVER, ...) is kept in
 * RUN_DIR/UID/state/NAME/env, so later instances get the same, whatever their own environment says. */
int save_inside_env(Context *c, char *const *env) {
        _cleanup_free_ char *text = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&text, &size);

        if (!f)
                return -ENOMEM;
        for (size_t i = 0; env && env[i]; i++)
                fprintf(f, "%s\n", env[i]);
        if (fclose(f) != 0)
                return -ENOMEM;
        return save_state_file(c, "env", text);
}

int load_inside_env(Context *c, char ***env) {
        _cleanup_free_ char *p = path_join(c->state_dir, "env"), *line = NULL;
        _cleanup_fclose_ FILE *f = NULL;
        size_t size = 0;
        ssize_t n;
        int r = 0;

        if (!p)
                return -ENOMEM;
        f = fopen(p, "re");
        if (!f)
                return errno == ENOENT ? 0 : negative_errno();
        while (r >= 0 && (n = getline(&line, &size, f)) > 0) {
                if (line[n - 1] == '\n')
                        line[n - 1] = 0;
                if (*line)
                        r = strv_extend(env, line);
        }
        return r;
}
