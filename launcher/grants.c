/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <unistd.h>

#include "bind-sound.h"
#include "bind-stage.h"
#include "bind-x11.h"
#include "devices.h"
#include "grants.h"
#include "host-look.h"
#include "io-util.h"
#include "log.h"
#include "macro.h"
#include "netif.h"
#include "nvidia.h"
#include "path-util.h"
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
                                ENONET, "network = separate, but no network interface is up.");
        }
        if (c->config.gpu && (r = devices_list("/dev/dri", "", &g->dri_nodes)) < 0)
                return log_error_errno(r, "Failed to list /dev/dri: %m");
        if (c->config.webcam && (r = devices_list("/dev", "video", &g->video_nodes)) < 0)
                return log_error_errno(r, "Failed to list /dev/video*: %m");

        if (c->config.gui || c->config.gui_private) {
                const char *display = env_get(c->env, "DISPLAY");
                char **env = NULL;

                if (!display)
                        return log_error_errno(EINVAL, "%s = true, but DISPLAY is not set.",
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
        if (c->config.dbus) {
                char **env = NULL;
                r = dbus_prepare(
                        &c->caller, xdg, env_get(c->env, "DBUS_SESSION_BUS_ADDRESS"), &g->dbus_socket, &env);
                if (r < 0)
                        return r;
                if (add_env(&g->inside_env, env) < 0)
                        return log_oom();
        }
        if (c->config.host_look && !(g->fonts_conf = path_join(c->state_dir, "fonts.conf")))
                return log_oom();
        /* the sockets checked above, staged from an fd opened and checked again as the caller */
        if (g->x11_socket && !(g->x11_inside = strdup(g->x11_socket)))
                return log_oom();
        for (size_t i = 0; g->stage_dir && i < 3; i++) {
                const char *key = (const char *[]){"x11", "pulse", "dbus"}[i];
                char **p = (char **[]){&g->x11_socket, &g->pulse_socket, &g->dbus_socket}[i];

                if (*p && (r = stage_socket(&c->caller, g->stage_dir, key, p)) < 0)
                        return log_error_errno(r, "Failed to stage the %s socket %s: %m", key, *p);
        }
        return 0;
}

/* RUN_DIR/UID/state/NAME/FILE (root's directory) replaced by TEXT, mode 0644 */
int save_state_file(Context *c, const char *file, const char *text) {
        _cleanup_free_ char *p = path_join(c->state_dir, file), *tmp = NULL;
        _cleanup_close_ int fd = -1;
        int r;

        if (!p || asprintf(&tmp, "%s.tmp", p) < 0)
                return -ENOMEM;
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0)
                return negative_errno();
        r = write_all(fd, text, strlen(text));
        if (r >= 0 && rename(tmp, p) < 0)
                r = negative_errno();
        return r < 0 ? r : 0;
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
