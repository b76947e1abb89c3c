/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <systemd/sd-bus.h>

#include "config.h"

#include "agent.h"
#include "app-config.h"
#include "app-list.h"
#include "appctl.h"
#include "argv.h"
#include "bind-sound.h"
#include "bind-stage.h"
#include "bind-x11.h"
#include "bind.h"
#include "desktop.h"
#include "devices.h"
#include "exec-app.h"
#include "log.h"
#include "machine.h"
#include "macro.h"
#include "netif.h"
#include "nspawn-args.h"
#include "nspawn-export.h"
#include "owner.h"
#include "path-util.h"
#include "privilege.h"
#include "process.h"
#include "recipe-status.h"
#include "refcount.h"
#include "show.h"
#include "snapshot.h"
#include "unit.h"
#include "validate.h"
#include "warm-launch.h"

#define SYSTEMD_RUN "/usr/bin/systemd-run"

typedef struct Context {
        const Args *args;
        char *name;
        char *conf_path;
        AppConfig config;
        Caller caller;
        char **env; /* the caller's DISPLAY, TERM, ... as KEY=VALUE */
        char *unit;
        char *xephyr_unit; /* gui-private: the nested X server's unit */
        char *state_dir; /* RUN_DIR/UID/state/NAME: cookie, inside environment, agent socket */
        RunPaths paths; /* RUN_DIR/UID and its lock/ and state/ (owner.h) */
        char *owner; /* the container unit's Description: for whom, from which rootfs */
        int leader_pidfd; /* the running container's init, once ensure_started() found it */
        sd_bus *bus;
} Context;

static void context_done(Context *c) {
        free(c->name);
        free(c->conf_path);
        app_config_done(&c->config);
        caller_done(&c->caller);
        strv_free(c->env);
        free(c->unit);
        free(c->xephyr_unit);
        free(c->state_dir);
        run_paths_done(&c->paths);
        free(c->owner);
        if (c->leader_pidfd > 0)
                c->leader_pidfd = safe_close(c->leader_pidfd);
        c->bus = sd_bus_flush_close_unref(c->bus);
}

static const char *env_get(char *const *env, const char *key) {
        size_t l = strlen(key);

        for (size_t i = 0; env && env[i]; i++)
                if (strneq(env[i], key, l) && env[i][l] == '=')
                        return env[i] + l + 1;
        return NULL;
}

static int conf_path_for(const char *name, char **ret) {
        _cleanup_free_ char *dir = NULL;
        char buf[PATH_MAX];
        ssize_t n;

        /* a hardlink keeps the name it was executed under; a symlink is resolved to its target */
        n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
        if (n < 0)
                return negative_errno();
        buf[n] = 0;
        dir = path_dirname(buf);
        if (!dir)
                return -ENOMEM;
        if (asprintf(ret, "%s/%s.conf", dir, name) < 0)
                return -ENOMEM;
        return 0;
}

static int check_name(const char *name) {
        if (!machine_name_is_valid(name))
                return log_error_errno(EINVAL,
                        "'%s' is not a valid app name: the launcher's file name must be a valid host name "
                        "of at most 64 characters (letters, digits, '-', '_', '.').",
                        name);
        return 0;
}

static int load_config(Context *c) {
        _cleanup_free_ char *error = NULL;
        FsIds saved = {};
        int r;

        /* the user names the file: read it with the user's rights, never root's */
        if (c->caller.user) {
                r = fs_ids_become(&c->caller, &saved);
                if (r < 0)
                        return log_error_errno(
                                r, "Failed to switch to the file system ids of %s: %m", c->caller.user);
        }
        r = app_config_load(c->conf_path, &c->config, &error);
        fs_ids_restore(&saved);
        if (r < 0) {
                if (error)
                        log_error("%s", error);
                else
                        log_error_errno(r, "Failed to load %s: %m", c->conf_path);
                return r;
        }
        return 0;
}

static NetworkMode effective_network(const Context *c) {
        if (c->args->action == ACTION_APTUPDATE || c->args->action == ACTION_APTUPDATEALL)
                return NETWORK_ON;
        return c->args->network >= 0 ? c->args->network : c->config.network;
}

static int bus_open(Context *c) {
        Step s;
        int r;

        if (c->bus)
                return 0;
        step_begin(&s, "connect to the system bus");
        r = sd_bus_open_system(&c->bus);
        step_end(&s, r);
        if (r < 0)
                return log_error_errno(r, "Failed to connect to the system bus: %m");
        return 0;
}

static int get_machine(Context *c, MachineInfo *ret) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        Step s;
        int r;

        step_begin(&s, "D-Bus org.freedesktop.machine1 GetMachine(\"%s\") → Leader, State", c->name);
        r = machine_get(c->bus, c->name, ret, &error);
        step_end(&s, r == -ENXIO ? 0 : r);
        if (r == -ENXIO)
                show_note("  machine %s is not running", c->name);
        else if (r < 0)
                return log_error_errno(
                        r, "Failed to look up machine %s: %s", c->name, error.message ?: strerror(-r));
        else
                show_note("  leader %d, state %s", (int) ret->leader, strna(ret->state));
        return r;
}

/* get_machine(), but only a machine this caller may act on: the unit root started for them, from
 * their conf's rootfs. Someone else's (another user's app of the same name, an admin's
 * container) is -EBUSY with one line, and left alone. */
static int get_own_machine(Context *c, MachineInfo *ret) {
        _cleanup_(machine_info_done) MachineInfo m = {};
        int r;

        r = get_machine(c, &m);
        if (r < 0)
                return r;
        r = machine_owned(c->bus, &m, c->unit, c->owner, c->config.directory, c->config.ephemeral);
        if (r == -EBUSY)
                return log_error_errno(r, "machine %s is in use by another user.", c->name);
        if (r < 0)
                return log_error_errno(r, "Failed to look up %s: %m", c->unit);
        *ret = m;
        m = (MachineInfo){};
        return 0;
}

/* The leader of M as a pidfd in c->leader_pidfd: what exec_app() enters. */
static int open_leader(Context *c, const MachineInfo *m) {
        int r;

        c->leader_pidfd = safe_close(c->leader_pidfd);
        r = machine_open_leader(c->bus, c->name, m, &c->leader_pidfd);
        if (r < 0)
                return log_error_errno(
                        r, "Failed to open the leader %d of %s: %m", (int) m->leader, c->name);
        return 0;
}

/* Before anything is created or locked: someone else's machine of this name is refused at once
 * (and again under the mutex, where it counts). */
static int refuse_foreign_machine(Context *c) {
        _cleanup_(machine_info_done) MachineInfo m = {};
        int r = bus_open(c);

        if (r < 0)
                return r;
        r = get_own_machine(c, &m);
        if (r == -EBUSY)
                return r;
        /* a unit of that name but no machine (yet): booting, or not ours at all */
        if (unit_owned(c->bus, c->unit, c->owner) == -EBUSY)
                return log_error_errno(EBUSY, "machine %s is in use by another user.", c->name);
        return 0;
}

/* What the container shares, resolved on the host as the caller. */
typedef struct Grants {
        BindMount *binds;
        size_t n_binds;
        char **interfaces;
        char **dri_nodes;
        char **video_nodes;
        char *x11_socket;
        char *x11_inside;
        char *xauthority;
        char *pulse_socket;
        char *dbus_socket;
        char **inside_env;
        char *stage_dir; /* bind-stage.h: the staging mounts, dropped with the Grants */
} Grants;

static void grants_done(Grants *g) {
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

static int resolve_binds(Context *c, Grants *g) {
        _cleanup_free_ char *why = NULL;
        int r;

        for (size_t i = 0; c->config.binds && c->config.binds[i]; i++) {
                BindMount *m, *n;
                size_t k;

                r = bind_spec_resolve(c->config.binds[i], c->caller.home, c->name, &m, &k);
                if (r < 0)
                        return log_error_errno(r, "Failed to resolve bind '%s': %m", c->config.binds[i]);
                n = realloc(g->binds, sizeof(BindMount) * (g->n_binds + k));
                if (!n) {
                        bind_mount_free_many(m, k);
                        return log_oom();
                }
                g->binds = n;
                memcpy(g->binds + g->n_binds, m, sizeof(BindMount) * k);
                g->n_binds += k;
                free(m);
        }
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

static int prepare_grants(Context *c, Grants *g) {
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
        /* the sockets checked above, staged from an fd opened and checked again as the caller */
        if (g->x11_socket && !(g->x11_inside = strdup(g->x11_socket)))
                return log_oom();
        for (size_t i = 0; g->stage_dir && i < 3; i++) {
                const char *key = (const char *[]){"x11", "pulse", "dbus"}[i];
                char **p = (char **[]){&g->x11_socket, &g->pulse_socket, &g->dbus_socket}[i];

                if (*p && (r = bind_stage_socket(&c->caller, g->stage_dir, key, p)) < 0)
                        return log_error_errno(r, "Failed to stage the %s socket %s: %m", key, *p);
        }
        return 0;
}

/* The inside environment decided at start (DISPLAY, XAUTHORITY, PULSE_SERVER, ...) is kept in
 * RUN_DIR/UID/state/NAME/env, so later instances get the same, whatever their own environment says. */
static int save_inside_env(Context *c, char *const *env) {
        _cleanup_free_ char *p = path_join(c->state_dir, "env"), *tmp = NULL;
        _cleanup_fclose_ FILE *f = NULL;
        int fd;

        if (!p || asprintf(&tmp, "%s.tmp", p) < 0)
                return -ENOMEM;
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0)
                return negative_errno();
        f = fdopen(fd, "w");
        if (!f) {
                safe_close(fd);
                return negative_errno();
        }
        for (size_t i = 0; env && env[i]; i++)
                fprintf(f, "%s\n", env[i]);
        if (fflush(f) != 0 || rename(tmp, p) < 0)
                return negative_errno();
        return 0;
}

static int load_inside_env(Context *c, char ***env) {
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

static int state_dir_ensure(Context *c) {
        int r;

        r = run_dirs_ensure(&c->paths);
        if (r < 0)
                return log_error_errno(
                        r, "Failed to set up %s (root-owned directories, mode 0755): %m", c->paths.user_dir);
        if (mkdir(c->state_dir, 0755) < 0 && errno != EEXIST)
                return log_error_errno(negative_errno(), "Failed to create %s: %m", c->state_dir);
        return 0;
}

static int start_container_with_grants(Context *c, Grants *g) {
        _cleanup_strv_free_ char **argv = NULL, **devices = NULL;
        _cleanup_free_ char *result = NULL;
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        NspawnContext nc;
        Step s;
        int r;

        nc = (NspawnContext){
                .name = c->name,
                .directory = c->config.directory,
                .network = effective_network(c),
                /* an update on the throwaway overlay would vanish with it */
                .ephemeral = c->config.ephemeral && c->args->action != ACTION_APTUPDATE &&
                        c->args->action != ACTION_APTUPDATEALL,
                .interfaces = g->interfaces,
                .binds = g->binds,
                .n_binds = g->n_binds,
                .gpu = c->config.gpu,
                .dri_nodes = g->dri_nodes,
                .webcam = c->config.webcam,
                .video_nodes = g->video_nodes,
                .x11_socket = g->x11_socket,
                .x11_inside = g->x11_inside,
                .xauthority = g->xauthority,
                .pulse_socket = g->pulse_socket,
                .dbus_socket = g->dbus_socket,
        };
        r = nspawn_build_argv(&nc, &argv);
        if (r >= 0)
                r = nspawn_build_device_allow(&nc, &devices);
        if (r < 0)
                return log_error_errno(r, "Failed to build the nspawn command line: %m");

        /* no machine NAME runs (checked under the mutex): a leftover of a killed nspawn would make
         * systemd >= 256's nspawn refuse to start it */
        if (step_begin(&s, "umount2(\"%s/%s\", MNT_DETACH) if a killed nspawn left it",
                    NSPAWN_UNIX_EXPORT_DIR, c->name)) {
                r = nspawn_unix_export_cleanup(NSPAWN_UNIX_EXPORT_DIR, c->name);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(
                                r, "Failed to unmount %s/%s: %m", NSPAWN_UNIX_EXPORT_DIR, c->name);
        }

        if (step_begin(&s, "write %s/env", c->state_dir)) {
                r = save_inside_env(c, g->inside_env);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(r, "Failed to write %s/env: %m", c->state_dir);
        }

        if (step_begin(&s,
                    "D-Bus org.freedesktop.systemd1 StartTransientUnit(\"%s\", \"fail\") Type=notify "
                    "KillMode=mixed Delegate=yes Slice=machine.slice DevicePolicy=closed "
                    "CollectMode=inactive-or-failed TimeoutStopSec=10s",
                    c->unit)) {
                show_argv("  ExecStart=", argv);
                show_argv("  DeviceAllow=", devices);
                r = unit_start_transient(c->bus, c->unit, c->owner, argv, devices, &result, &error);
                if (r == -EEXIST && unit_owned(c->bus, c->unit, c->owner) != 1)
                        return log_error_errno(EBUSY, "machine %s is in use by another user.", c->name);
                if (r == -EEXIST) {
                        /* ours, left over from a launcher killed mid-transition: finish its stop, then
                         * start */
                        sd_bus_error_free(&error);
                        r = unit_stop_and_wait(c->bus, c->unit, c->name, &error);
                        if (r >= 0) {
                                sd_bus_error_free(&error);
                                r = unit_start_transient(
                                        c->bus, c->unit, c->owner, argv, devices, &result, &error);
                        }
                }
                step_end(&s, r);
                if (r == -EIO)
                        return log_error_errno(r,
                                "Failed to start the container %s (job %s); see 'journalctl -u %s'.",
                                c->name, strna(result), c->unit);
                if (r < 0)
                        return log_error_errno(
                                r, "Failed to start %s: %s", c->unit, error.message ?: strerror(-r));
        } else {
                show_argv("  ExecStart=", argv);
                show_argv("  DeviceAllow=", devices);
        }
        return 0;
}

/* Checks the rootfs, resolves the grants (gui-private starts Xephyr there), starts the unit. */
static int start_container(Context *c) {
        _cleanup_(grants_done) Grants g = {};
        _cleanup_free_ char *why = NULL;
        Step s;
        int r;

        step_begin(&s, "check %s: root-owned, not writable by others all the way up, lists %s (uid %u)",
                c->config.directory, c->config.user, (unsigned) c->config.uid);
        r = validate_rootfs(c->config.directory, c->config.user, c->config.uid, &why);
        step_end(&s, r);
        /* a dry run runs as the user, who may not see into a root-only /var/lib/machines: the
         * privileged half makes this check for real */
        if (r == -EACCES && show_dry_run() && geteuid() != 0)
                show_note("  (%s is not readable as uid %u; the privileged half checks it)",
                        c->config.directory, (unsigned) geteuid());
        else if (r < 0)
                return log_error_errno(r, "%s: %s", c->conf_path, why ?: strerror(-r));

        step_begin(&s, "resolve grants as %s (binds, devices, X11, sound, D-Bus)", c->caller.user);
        r = prepare_grants(c, &g);
        step_end(&s, r);
        if (r >= 0)
                r = start_container_with_grants(c, &g);
        /* a nested X server without its container is of no use to anyone */
        if (r < 0 && c->config.gui_private)
                (void) x11_private_stop(c->bus, c->xephyr_unit);
        return r;
}

static void cleanup_state(Context *c) {
        _cleanup_free_ char *env = path_join(c->state_dir, "env"),
                            *cookie = path_join(c->state_dir, "Xauthority");

        if (env)
                unlink(env);
        if (cookie)
                unlink(cookie);
        rmdir(c->state_dir);
}

static int stop_container(Context *c) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        Step s;
        int r;

        if (!step_begin(&s,
                    "D-Bus org.freedesktop.systemd1 StopUnit(\"%s\", \"replace\"), wait for "
                    "JobRemoved and MachineRemoved",
                    c->unit))
                return 0;
        /* the one place that stops a container: only the unit root started for this caller */
        r = unit_owned(c->bus, c->unit, c->owner);
        if (r == -EBUSY)
                return log_error_errno(r, "machine %s is in use by another user.", c->name);
        if (r > 0)
                r = unit_stop_and_wait(c->bus, c->unit, c->name, &error);
        step_end(&s, r);
        if (r < 0)
                return log_error_errno(r, "Failed to stop %s: %s", c->unit, error.message ?: strerror(-r));
        /* PartOf= has stopped Xephyr with the unit; not when nspawn died on its own, though */
        if (c->config.gui_private && x11_private_stop(c->bus, c->xephyr_unit) < 0)
                return -EIO;
        cleanup_state(c);
        return 0;
}

/* ARGV as the user in the container of LEADER, or (AGENT_FD >= 0, detached) the agent serving
 * it; see exec_app(). */
static int run_in_container(Context *c, pid_t leader, char *const *argv, char *const *env, bool detach,
        int agent_fd, int *ret_status) {
        ExecParams p = {
                .leader = leader,
                .leader_pidfd = c->leader_pidfd,
                .uid = c->caller.uid,
                .gid = c->config.gid,
                .user = c->config.user,
                .argv = argv,
                .env = env,
                .detach = detach,
                .userns = c->config.userns,
                .nested = c->config.nested,
                .agent = agent_fd >= 0,
                .agent_fd = agent_fd,
                .caller = &c->caller,
        };

        return exec_app(&p, ret_status);
}

/* gui-private with window-manager: the container's starter runs it once, detached, as the user on
 * the nested display; it ends with the container. */
static int start_window_manager(Context *c, pid_t leader) {
        _cleanup_strv_free_ char **argv = NULL, **env = NULL;
        int r, status = 0;

        r = split_command_line(c->config.window_manager, &argv);
        if (r < 0 || strv_length(argv) == 0)
                return log_error_errno(
                        r < 0 ? r : -EINVAL, "%s: window-manager is not a command line.", c->conf_path);
        /* the inside environment of the start just made: DISPLAY=:N of Xephyr and its cookie */
        if (!show_dry_run() && load_inside_env(c, &env) < 0)
                return log_error_errno(EIO, "Failed to read %s/env.", c->state_dir);
        r = run_in_container(c, leader, argv, env, true, -1, &status);
        if (r < 0)
                return r;
        return status == 0 ? 0 : -EIO; /* the child said why */
}

/* The warm path's agent (agent.h): listening socket as root, then served by a detached process of
 * the user's in the container, dropped like the app. */
static int start_agent(Context *c, pid_t leader) {
        _cleanup_free_ char *path = path_join(c->state_dir, AGENT_SOCKET_NAME);
        _cleanup_strv_free_ char **env = NULL;
        _cleanup_close_ int fd = -1;
        char *argv[] = {(char *) "(agent)", NULL};
        Step s;
        int r, status = 0;

        if (!path)
                return log_oom();
        if (step_begin(&s, "listen on %s (owner %s, 0600) for the agent", path, c->caller.user)) {
                r = agent_listen(path, c->caller.uid, c->config.gid, &fd);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(r, "Failed to listen on %s: %m", path);
        }
        if (load_inside_env(c, &env) < 0)
                return log_error_errno(EIO, "Failed to read %s/env.", c->state_dir);
        r = run_in_container(c, leader, argv, env, true, fd, &status);
        if (r < 0)
                return r;
        return status == 0 ? 0 : -EIO; /* the child said why */
}

/* The warm path's last instance: stop the container unless an instance came in meanwhile. */
static int action_release(Context *c) {
        _cleanup_close_ int mutex = -1, probe = -1;
        Step s;
        int r;

        if (refuse_foreign_machine(c) < 0)
                return 1;
        step_begin(&s, "flock(%s/%s.lock, LOCK_EX), is %s.ref free?", c->paths.lock_dir, c->name, c->name);
        /* the lock dirs are root's to make; a user's dry run only opens what is there */
        r = geteuid() == 0 ? state_dir_ensure(c) : 0;
        if (r >= 0)
                r = refcount_mutex_lock(c->paths.lock_dir, c->name, c->caller.uid, &mutex);
        if (r >= 0)
                r = refcount_hold(c->paths.lock_dir, c->name, c->caller.uid, &probe);
        if (r >= 0)
                r = refcount_release(c->paths.lock_dir, c->name, c->caller.uid, &probe);
        step_end(&s, r);
        if (r < 0)
                return log_error_errno(r, "Failed to check the instances of %s: %m", c->name), 1;
        if (r == 0) {
                show_note("  another instance came in; leaving %s up", c->name);
                return 0;
        }
        return stop_container(c) < 0 ? 1 : 0;
}

/* Under the mutex: (HOLD) take our shared reference, then start the container unless it runs.
 * *ret_leader is the container's init. */
static int ensure_started(Context *c, bool hold, int *ret_ref_fd, pid_t *ret_leader) {
        _cleanup_(machine_info_done) MachineInfo m = {};
        _cleanup_close_ int mutex = -1, ref = -1;
        Step s;
        int r;

        r = refuse_foreign_machine(c);
        if (r < 0)
                return r;
        if (step_begin(&s, "flock(%s/%s.lock, LOCK_EX)", c->paths.lock_dir, c->name)) {
                r = state_dir_ensure(c);
                if (r < 0)
                        return r;
                r = refcount_mutex_lock(c->paths.lock_dir, c->name, c->caller.uid, &mutex);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(
                                r, "Failed to lock %s/%s.lock: %m", c->paths.lock_dir, c->name);
        }

        /* Counted from before the start: ++status and ++stop see us while the container boots, and a
         * failed start drops the reference with our fd. */
        if (hold && step_begin(&s, "flock(%s/%s.ref, LOCK_SH)", c->paths.lock_dir, c->name)) {
                r = refcount_hold(c->paths.lock_dir, c->name, c->caller.uid, &ref);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(r, "Failed to take a reference on %s/%s.ref: %m",
                                c->paths.lock_dir, c->name);
        }

        r = get_own_machine(c, &m);
        if (r >= 0 && m.state && streq(m.state, "closing")) {
                step_begin(&s, "wait for the closing machine %s to go", c->name);
                r = machine_wait_gone(c->bus, c->name);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(r, "Failed to wait for machine %s to stop: %m", c->name);
                machine_info_done(&m);
                r = -ENXIO;
        }
        if (r == -ENXIO) {
                bool wm = c->config.gui_private && !isempty(c->config.window_manager);

                r = start_container(c);
                if (r < 0)
                        return r;
                if (show_dry_run()) {
                        if (wm)
                                (void) start_window_manager(c, 0);
                        *ret_leader = 0;
                        return 0;
                }
                r = get_own_machine(c, &m);
                if (r == -ENXIO)
                        return log_error_errno(r,
                                "The container %s started but is not registered; see "
                                "'journalctl -u %s'.",
                                c->name, c->unit);
                if (r >= 0)
                        r = open_leader(c, &m);
                /* the app still runs without it: a missing window manager is worth a warning only */
                if (r >= 0 && wm && start_window_manager(c, m.leader) < 0)
                        log_warning("Starting the window manager failed; the app runs without one.");
                /* without an agent every launch takes the privileged path: slower, as correct */
                if (r >= 0 && start_agent(c, m.leader) < 0)
                        log_warning("Starting the agent failed; later launches take the privileged path.");
        } else if (r >= 0)
                r = open_leader(c, &m);
        if (r < 0)
                return r;

        /* closing the mutex lets the next launcher in; our reference keeps the container up */
        *ret_leader = m.leader;
        if (ret_ref_fd)
                *ret_ref_fd = TAKE_FD(ref);
        return 0;
}

/* At exit: drop our reference; the last instance stops the container. */
static int release(Context *c, int *ref_fd) {
        _cleanup_close_ int mutex = -1;
        Step s;
        int r;

        if (*ref_fd < 0)
                return 0;
        step_begin(&s, "flock(%s/%s.lock, LOCK_EX), release %s.ref, try LOCK_EX|LOCK_NB", c->paths.lock_dir,
                c->name, c->name);
        r = refcount_mutex_lock(c->paths.lock_dir, c->name, c->caller.uid, &mutex);
        if (r >= 0)
                r = refcount_release(c->paths.lock_dir, c->name, c->caller.uid, ref_fd);
        step_end(&s, r);
        if (r < 0)
                return log_error_errno(r, "Failed to release our reference on %s: %m", c->name);
        if (r == 0) {
                show_note("  other instances still run; leaving %s up", c->name);
                return 0;
        }
        r = bus_open(c);
        if (r < 0)
                return r;
        return stop_container(c);
}

static int build_app_argv(Context *c, char ***ret) {
        int r = args_app_argv(c->args, c->config.run, ret);

        if (r == -EINVAL)
                return log_error_errno(r, "%s: run has an unbalanced quote.", c->conf_path);
        if (r == -ENOENT)
                return log_error_errno(EINVAL, "No command to run.");
        return r < 0 ? log_oom() : 0;
}

static int action_run(Context *c) {
        _cleanup_strv_free_ char **argv = NULL, **env = NULL;
        _cleanup_close_ int ref = -1;
        pid_t leader;
        int r, status = 0;

        r = build_app_argv(c, &argv);
        if (r < 0)
                return 1;
        r = ensure_started(c, true, &ref, &leader);
        if (r < 0)
                return 1;
        /* nothing to talk to while the app runs; reconnect at exit */
        c->bus = sd_bus_flush_close_unref(c->bus);

        if (load_inside_env(c, &env) < 0)
                log_warning("Failed to read %s/env; the app gets no DISPLAY or PULSE_SERVER.", c->state_dir);
        for (const char *const *k = (const char *const[]){"TERM", "LANG", NULL}; *k; k++) {
                const char *v = env_get(c->env, *k);
                if (v && strv_extendf(&env, "%s=%s", *k, v) < 0)
                        return log_oom(), 1;
        }

        if (leader > 0 || show_dry_run()) {
                r = run_in_container(c, leader, argv, env, false, -1, &status);
                if (r < 0)
                        status = 1;
        }
        if (release(c, &ref) < 0 && status == 0)
                status = 1;
        return status;
}

static int action_start(Context *c) {
        pid_t leader;

        return ensure_started(c, false, NULL, &leader) < 0 ? 1 : 0;
}

static int action_stop(Context *c) {
        _cleanup_(machine_info_done) MachineInfo m = {};
        _cleanup_close_ int mutex = -1;
        Step s;
        int r, n;

        if (refuse_foreign_machine(c) < 0)
                return 1;
        if (step_begin(&s, "flock(%s/%s.lock, LOCK_EX)", c->paths.lock_dir, c->name)) {
                r = state_dir_ensure(c);
                if (r >= 0)
                        r = refcount_mutex_lock(c->paths.lock_dir, c->name, c->caller.uid, &mutex);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(
                                       r, "Failed to lock %s/%s.lock: %m", c->paths.lock_dir, c->name),
                               1;
        }
        n = refcount_count(c->paths.lock_dir, c->name);
        r = get_own_machine(c, &m);
        if (r == -ENXIO) {
                /* a Xephyr left behind by a container that died on its own */
                if (c->config.gui_private)
                        (void) x11_private_stop(c->bus, c->xephyr_unit);
                printf("%s is not running.\n", c->name);
                return 0;
        }
        if (r < 0)
                return 1;
        if (stop_container(c) < 0)
                return 1;
        if (!show_dry_run())
                printf("Stopped %s; ended %d instance%s.\n", c->name, n < 0 ? 0 : n, n == 1 ? "" : "s");
        return 0;
}

static int action_status(Context *c) {
        _cleanup_(machine_info_done) MachineInfo m = {};
        _cleanup_strv_free_ char **recipe = NULL;
        _cleanup_free_ char *why = NULL;
        _cleanup_free_ char *grants = NULL;
        int r, n;

        if (bus_open(c) < 0)
                return 1;
        r = get_machine(c, &m);
        if (r < 0 && r != -ENXIO)
                return 1;
        /* another user's machine of the same name: none of this caller's business */
        if (r >= 0 && !machine_matches(&m, c->unit, c->config.directory, c->config.ephemeral))
                r = -ENXIO;
        n = refcount_count(c->paths.lock_dir, c->name);
        grants = grants_to_string(&c->config);
        printf("%s: %s\n", c->name, r >= 0 ? strna(m.state) : "not running");
        if (r >= 0)
                printf("  leader:    %d\n", (int) m.leader);
        printf("  instances: %d\n", n < 0 ? 0 : n);
        printf("  unit:      %s\n", c->unit);
        printf("  directory: %s\n", c->config.directory);
        printf("  config:    %s\n", c->conf_path);
        printf("  grants:    %s\n", strna(grants));
        /* only what the rootfs check passes: its recipe is read as root */
        if (validate_rootfs(c->config.directory, c->config.user, c->config.uid, &why) >= 0 &&
                recipe_status(&c->caller, c->conf_path, c->config.directory, &recipe) >= 0)
                for (size_t i = 0; recipe[i]; i++)
                        printf("  recipe:    %s\n", recipe[i]);
        return 0;
}

static int run_apt(Context *c) {
        char *argv[] = {
                (char *) SYSTEMD_RUN,
                (char *) "--quiet",
                (char *) "--machine",
                c->name,
                (char *) "--pipe",
                (char *) "--wait",
                (char *) "--collect",
                (char *) "--setenv=DEBIAN_FRONTEND=noninteractive",
                (char *) "/bin/sh",
                (char *) "-c",
                (char *) "apt-get update && apt-get -y -o Dpkg::Options::=--force-confold full-upgrade",
                NULL,
        };
        Step s;
        pid_t pid;
        int status;

        /* as a unit of the container's own systemd: confined like everything nspawn runs there */
        if (!step_begin(&s, "run apt-get update && full-upgrade as root in %s", c->name)) {
                show_argv("  ", argv);
                return 0;
        }
        show_argv("  ", argv);
        fflush(NULL);
        pid = fork();
        if (pid < 0)
                return log_error_errno(negative_errno(), "Failed to fork: %m");
        if (pid == 0) {
                execv(argv[0], argv);
                log_error_errno(negative_errno(), "Failed to execute %s: %m", argv[0]);
                _exit(127);
        }
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return log_error_errno(negative_errno(), "Failed to wait for %s: %m", argv[0]);
        step_end(&s, 0);
        status = exit_status_from_wait(status);
        if (status != 0)
                log_error("Upgrading %s failed (exit status %d).", c->name, status);
        return status;
}

/* Under the mutex, with the rootfs checked: nothing else can start or stop it meanwhile. */
static int take_snapshot(Context *c) {
        _cleanup_free_ char *why = NULL, *snap = NULL;
        _cleanup_close_ int mutex = -1;
        Step s;
        int r;

        r = validate_rootfs(c->config.directory, c->config.user, c->config.uid, &why);
        if (r < 0 && !(show_dry_run() && geteuid() != 0))
                return log_error_errno(r, "%s: %s", c->conf_path, why ?: strerror(-r));
        if (snapshot_path(c->config.directory, &snap) < 0)
                return log_oom();
        if (!step_begin(&s, "flock(%s/%s.lock, LOCK_EX), cp -a --reflink=auto %s %s", c->paths.lock_dir,
                    c->name, c->config.directory, snap))
                return 0;
        r = state_dir_ensure(c);
        if (r >= 0)
                r = refcount_mutex_lock(c->paths.lock_dir, c->name, c->caller.uid, &mutex);
        if (r >= 0)
                r = snapshot_take(c->config.directory);
        step_end(&s, r);
        if (r < 0)
                return log_error_errno(r, "Failed to snapshot %s to %s: %m", c->config.directory, snap);
        log_info("Kept a snapshot of %s in %s; '%s ++rollback' restores it.", c->name, snap, c->name);
        return 0;
}

static int action_rollback(Context *c) {
        _cleanup_(machine_info_done) MachineInfo m = {};
        _cleanup_free_ char *why = NULL, *snap = NULL;
        _cleanup_close_ int mutex = -1;
        Step s;
        int r;

        r = validate_rootfs(c->config.directory, c->config.user, c->config.uid, &why);
        if (r < 0)
                return log_error_errno(r, "%s: %s", c->conf_path, why ?: strerror(-r)), 1;
        if (snapshot_path(c->config.directory, &snap) < 0)
                return log_oom(), 1;
        if (refuse_foreign_machine(c) < 0)
                return 1;
        if (!step_begin(&s, "flock(%s/%s.lock, LOCK_EX), put %s in place of %s", c->paths.lock_dir, c->name,
                    snap, c->config.directory))
                return 0;
        r = state_dir_ensure(c);
        if (r >= 0)
                r = refcount_mutex_lock(c->paths.lock_dir, c->name, c->caller.uid, &mutex);
        if (r < 0)
                return log_error_errno(r, "Failed to lock %s/%s.lock: %m", c->paths.lock_dir, c->name), 1;
        r = get_own_machine(c, &m);
        if (r >= 0)
                return log_error_errno(
                               EBUSY, "%s is running; stop it first ('%s ++stop').", c->name, c->name),
                       1;
        if (r != -ENXIO)
                return 1;
        r = snapshot_restore(c->config.directory);
        step_end(&s, r);
        if (r == -ENOENT)
                return log_error_errno(r, "%s has no snapshot (%s): ++aptupdate makes one.", c->name, snap),
                       1;
        if (r < 0)
                return log_error_errno(r, "Failed to put %s in place of %s: %m", snap, c->config.directory),
                       1;
        printf("Rolled %s back to the snapshot taken before its last ++aptupdate.\n", c->name);
        return 0;
}

static int action_desktop(Context *c) {
        _cleanup_free_ char *why = NULL, *launcher = NULL, *entry = NULL;
        size_t n = strlen(c->conf_path);
        Step s;
        int r;

        /* the container is read as root (resolved inside it), the entry written as the user */
        r = validate_rootfs(c->config.directory, c->config.user, c->config.uid, &why);
        if (r < 0 && !(show_dry_run() && geteuid() != 0))
                return log_error_errno(r, "%s: %s", c->conf_path, why ?: strerror(-r)), 1;
        launcher = strndup(c->conf_path, n - strlen(".conf"));
        if (!launcher)
                return log_oom(), 1;
        if (!step_begin(&s, "desktop entry for %s from %s/usr/share/applications, written as %s", launcher,
                    c->config.directory, c->caller.user))
                return 0;
        r = desktop_install(c->config.directory, c->name, launcher, c->config.run, c->caller.uid,
                c->config.gid, c->caller.home, &entry);
        step_end(&s, r);
        if (r < 0)
                return 1;
        printf("Wrote %s.\n", entry);
        return 0;
}

static int action_aptupdate(Context *c) {
        _cleanup_close_ int ref = -1;
        pid_t leader;
        int status;

        /* before the snapshot: nothing happens for a name someone else's machine has */
        if (refuse_foreign_machine(c) < 0)
                return 1;
        if (c->config.ephemeral && !show_dry_run()) {
                _cleanup_(machine_info_done) MachineInfo m = {};
                if (get_own_machine(c, &m) >= 0)
                        return log_error_errno(EBUSY,
                                       "%s runs on its throwaway overlay (ephemeral); stop it first ('%s "
                                       "++stop'): an update there would vanish with it.",
                                       c->name, c->name),
                               1;
        }
        if (take_snapshot(c) < 0)
                return 1;
        if (ensure_started(c, true, &ref, &leader) < 0)
                return 1;
        status = run_apt(c);
        if (release(c, &ref) < 0 && status == 0)
                status = 1;
        return status;
}

static int context_setup(Context *c, const Args *args, const char *name, const char *conf_path, char **env);
static int dispatch(Context *c);

/* The apps in DIR with an executable launcher, as the caller sees them (their fs ids). */
static int list_as_caller(Context *c, const char *dir, char ***ret) {
        _cleanup_strv_free_ char **names = NULL, **runnable = NULL;
        FsIds saved = {};
        int r;

        if (c->caller.user) {
                r = fs_ids_become(&c->caller, &saved);
                if (r < 0)
                        return r;
        }
        r = apps_list(dir, &names);
        for (size_t i = 0; r >= 0 && names[i]; i++) {
                _cleanup_free_ char *launcher = path_join(dir, names[i]);
                if (!launcher)
                        r = -ENOMEM;
                else if (faccessat(AT_FDCWD, launcher, X_OK, AT_EACCESS) == 0)
                        r = strv_extend(&runnable, names[i]);
        }
        fs_ids_restore(&saved);
        if (r < 0)
                return r;
        *ret = runnable ? TAKE_PTR(runnable) : calloc(1, sizeof(char *));
        return *ret ? 0 : -ENOMEM;
}

static int action_aptupdateall(Context *c) {
        _cleanup_free_ char *dir = path_dirname(c->conf_path);
        _cleanup_strv_free_ char **names = NULL;
        int r, failed = 0;

        if (!dir)
                return log_oom(), 1;
        /* only what the creator wrote: a stray *.conf is not a container. The user's directory,
         * listed with the user's rights, never root's. */
        r = list_as_caller(c, dir, &names);
        if (r < 0)
                return log_error_errno(r, "Failed to list %s: %m", dir), 1;
        for (size_t i = 0; names[i]; i++) {
                _cleanup_free_ char *conf = NULL, *launcher = path_join(dir, names[i]);
                _cleanup_(context_done) Context o = {};

                if (!launcher || asprintf(&conf, "%s.conf", launcher) < 0)
                        return log_oom(), 1;
                printf("==> %s\n", names[i]);
                fflush(stdout);
                if (context_setup(&o, c->args, names[i], conf, strv_copy(c->env)) < 0 ||
                        action_aptupdate(&o) != 0)
                        failed++;
        }
        return failed ? 1 : 0;
}

static int context_setup(Context *c, const Args *args, const char *name, const char *conf_path, char **env) {
        const char *sudo_uid = getenv("SUDO_UID"), *pkexec_uid = getenv("PKEXEC_UID");
        bool via_helper = (sudo_uid && !streq(sudo_uid, "0")) || (pkexec_uid && !streq(pkexec_uid, "0"));
        int r;

        c->args = args;
        c->env = env;
        c->leader_pidfd = -1;
        c->name = strdup(name);
        c->conf_path = strdup(conf_path);
        c->unit = unit_name_for(name);
        if (!c->name || !c->conf_path || !c->unit)
                return log_oom();
        if (check_name(name) < 0)
                return -EINVAL;

        /* Through sudo or pkexec we know the caller before reading the conf, and read it as them.
         * Root running a launcher directly acts for the conf's user. */
        if (via_helper && geteuid() == 0) {
                r = caller_identify((uid_t) -1, &c->caller);
                if (r < 0)
                        return log_error_errno(r, "Failed to identify the calling user: %m");
        }
        r = load_config(c);
        if (r < 0)
                return r;
        if (!c->caller.user) {
                r = caller_identify(geteuid() == 0 ? c->config.uid : getuid(), &c->caller);
                if (r < 0)
                        return log_error_errno(r, "Failed to look up uid %u: %m",
                                (unsigned) (geteuid() == 0 ? c->config.uid : getuid()));
        }
        if (c->caller.uid != c->config.uid)
                return log_error_errno(EPERM, "%s is for uid %u (%s), but you are uid %u (%s).",
                        c->conf_path, (unsigned) c->config.uid, c->config.user, (unsigned) c->caller.uid,
                        c->caller.user);
        /* the app runs with this gid: it must be one the caller already has on the host */
        if (!caller_has_group(&c->caller, c->config.gid))
                return log_error_errno(EPERM, "%s: gid %u is not one of the groups of %s.", c->conf_path,
                        (unsigned) c->config.gid, c->caller.user);

        /* the caller's own name space for everything root keeps or starts for this app (owner.h) */
        if (run_paths_for(RUN_DIR, c->caller.uid, name, &c->paths) < 0 ||
                !(c->state_dir = strdup(c->paths.state_dir)) ||
                owner_description(name, c->caller.uid, c->config.directory, &c->owner) < 0)
                return log_oom();
        if (asprintf(&c->xephyr_unit, "app-container-xephyr@%u-%s.service", (unsigned) c->caller.uid, name) <
                0) {
                c->xephyr_unit = NULL;
                return log_oom();
        }
        return 0;
}

static int dispatch(Context *c) {
        switch (c->args->action) {
        case ACTION_START:
                return action_start(c);
        case ACTION_STOP:
                return action_stop(c);
        case ACTION_STATUS:
                return action_status(c);
        case ACTION_RELEASE:
                return action_release(c);
        case ACTION_ROLLBACK:
                return action_rollback(c);
        case ACTION_DESKTOP:
                return action_desktop(c);
        case ACTION_APTUPDATE:
                return action_aptupdate(c);
        case ACTION_APTUPDATEALL:
                return action_aptupdateall(c);
        default:
                return action_run(c);
        }
}

static char **caller_env(void) {
        char **env = NULL;

        for (size_t i = 0; passed_env[i]; i++) {
                const char *v = getenv(passed_env[i]);
                if (v && strv_extendf(&env, "%s=%s", passed_env[i], v) < 0) {
                        strv_free(env);
                        return NULL;
                }
        }
        return env ?: calloc(1, sizeof(char *));
}

/* The warm path (agent.h), tried before the privilege step. Negative: take the privileged path. */
static int try_warm_launch(const Args *args, const char *name, const char *conf, const AppConfig *config,
        char *const *caller_env, const char *helper, int *ret_status) {
        _cleanup_strv_free_ char **argv = NULL, **env = NULL, **release_tail = NULL;
        Args release = {.action = ACTION_RELEASE, .show = args->show, .network = _NETWORK_INVALID};
        int r;

        if (args_app_argv(args, config->run, &argv) < 0)
                return -EINVAL; /* the privileged path says what is wrong */
        for (const char *const *k = (const char *const[]){"TERM", "LANG", NULL}; *k; k++) {
                const char *v = env_get(caller_env, *k);
                if (v && strv_extendf(&env, "%s=%s", *k, v) < 0)
                        return -ENOMEM;
        }
        r = args_to_internal_argv(&release, name, conf, caller_env, &release_tail);
        if (r < 0)
                return r;
        return warm_launch(name, argv, env, helper, release_tail, ret_status);
}

/* As the user: check what we can, then hand over to the root-owned APPCTL_PATH. */
static int reexec(const Args *args, const char *name) {
        _cleanup_free_ char *conf = NULL, *error = NULL;
        _cleanup_strv_free_ char **env = NULL, **tail = NULL;
        _cleanup_(app_config_done) AppConfig config;
        const char *helper;
        Step s;
        int r, status;

        app_config_init(&config);
        if (check_name(name) < 0)
                return 1;
        r = conf_path_for(name, &conf);
        if (r < 0)
                return log_error_errno(r, "Failed to find the launcher's directory: %m"), 1;
        r = app_config_load(conf, &config, &error);
        if (r < 0) {
                if (error)
                        log_error("%s", error);
                else
                        log_error_errno(r, "Failed to load %s: %m", conf);
                return 1;
        }
        if (config.uid != getuid())
                return log_error_errno(EPERM, "%s is for uid %u (%s), but you are uid %u.", conf,
                               (unsigned) config.uid, config.user, (unsigned) getuid()),
                       1;
        env = caller_env();
        if (!env || args_to_internal_argv(args, name, conf, env, &tail) < 0)
                return log_oom(), 1;
        helper = privilege_helper(config.privilege, config.gui || config.gui_private, isatty(STDIN_FILENO));
        if ((args->action == ACTION_RUN || args->action == ACTION_CMD) && !args->dry_run &&
                args->network < 0) {
                r = try_warm_launch(args, name, conf, &config, env, helper, &status);
                if (r >= 0)
                        return status;
        }
        if (!step_begin(&s, "exec %s %s%s ...", helper, streq(helper, "/usr/bin/sudo") ? "-n -- " : "",
                    APPCTL_PATH)) {
                /* dry run: go on here, as the user, showing what the privileged half would do */
                Context c = {};
                show_argv("  ", tail);
                r = context_setup(&c, args, name, conf, TAKE_PTR(env));
                if (r >= 0)
                        r = dispatch(&c);
                context_done(&c);
                return r < 0 ? 1 : r;
        }
        show_argv("  ", tail);
        fflush(NULL);
        r = privilege_reexec(helper, tail);
        if (r == -EPERM)
                return log_error_errno(r, "%s must be installed root-owned and not writable by others.",
                               APPCTL_PATH),
                       1;
        return log_error_errno(r, "Failed to execute %s: %m", helper), 1;
}

int appctl_main(int argc, char *argv[]) {
        _cleanup_(args_done) Args args;
        _cleanup_(context_done) Context c = {};
        _cleanup_free_ char *conf = NULL;
        const char *program = argc > 0 ? path_basename(argv[0]) : "appctl", *why = NULL, *name;
        char **env;
        int r;

        args_init(&args);
        process_title_init(argc, argv);
        log_set_program_name(program);
        r = args_parse(argc, argv, &args, &why);
        if (r < 0) {
                log_error("%s", why);
                return 2;
        }
        if (args.action == ACTION_HELP ||
                (!args.name && streq(program, "appctl") && args.action != ACTION_VERSION)) {
                appctl_help(stdout, program);
                return 0;
        }
        if (args.action == ACTION_VERSION) {
                printf("appctl %s\n", PACKAGE_VERSION);
                return 0;
        }
        show_set_mode(args.dry_run ? SHOW_DRY_RUN : args.show ? SHOW_ON : SHOW_OFF);

        if (geteuid() != 0)
                return reexec(&args, program);

        name = args.name ?: program;
        log_set_program_name(name);
        if (args.conf)
                conf = strdup(args.conf);
        else if (check_name(name) < 0)
                return 1;
        else if (conf_path_for(name, &conf) < 0)
                return log_error_errno(negative_errno(), "Failed to find the launcher's directory: %m"), 1;
        if (!conf)
                return log_oom(), 1;
        /* root's own launch: its environment is the caller's */
        env = args.name ? strv_copy(args.env ?: (char *[]){NULL}) : caller_env();
        if (!env)
                return log_oom(), 1;
        if (context_setup(&c, &args, name, conf, env) < 0)
                return 1;
        return dispatch(&c);
}
