/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <unistd.h>

#include "agent.h"
#include "allowlist.h"
#include "bind-x11.h"
#include "container.h"
#include "dbus-proxy.h"
#include "ephemeral-root.h"
#include "exec-app.h"
#include "grants.h"
#include "host-look.h"
#include "idmap-mount.h"
#include "log.h"
#include "machine-stop.h"
#include "macro.h"
#include "names.h"
#include "nested-subids.h"
#include "nspawn-args.h"
#include "nspawn-export.h"
#include "path-util.h"
#include "refcount.h"
#include "session-bus.h"
#include "show.h"
#include "uid-range.h"
#include "unit.h"
#include "validate.h"

int get_machine(Context *c, MachineInfo *ret) {
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
int get_own_machine(Context *c, MachineInfo *ret) {
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
int refuse_foreign_machine(Context *c) {
        _cleanup_(machine_info_done) MachineInfo m = {};
        int r = bus_open(c);

        if (r < 0)
                return r;
        r = get_own_machine(c, &m);
        if (r == -EBUSY)
                return r;
        /* a unit of that name but no machine (yet): booting, or not ours at all */
        if (unit_owned(c->bus, c->unit, c->owner) == -EBUSY)
                return log_error_errno(-EBUSY, "machine %s is in use by another user.", c->name);
        return 0;
}

/* an update on the throwaway overlay would vanish with it */
static bool ephemeral(const Context *c) {
        return c->config.ephemeral && c->args->action != ACTION_APTUPDATE &&
                c->args->action != ACTION_APTUPDATEALL;
}

/* An ephemeral container (its idmapped root is made before the start: ephemeral-root.h), a nested
 * one (its sub-ids live in its own range) and one whose user's uid or gid is 65536 or more run in a
 * range of the app's own (uid-range.h) instead of nspawn's --private-users=pick. */
static bool own_range_needed(const Context *c) {
        return ephemeral(c) || c->config.nested || c->caller.uid >= USERNS_RANGE ||
                c->config.gid >= USERNS_RANGE;
}

/* Every container runs in a user namespace of its own (idmap-mount.h), but one whose user's ids
 * are beyond what the region of uid-range.h holds (about 2^28): it runs in the host's as before,
 * with a warning at every start (SECURITY.md, known gaps). */
static bool container_userns(const Context *c) {
        uint32_t size;

        return uid_range_size(c->caller.uid, c->config.gid, c->config.nested, &size) >= 0;
}

/* The app's own range, allocated at its first start (*ret_range 0: pick's) */
static int container_uid_range(Context *c, uint32_t *ret_shift, uint32_t *ret_range) {
        uint32_t shift = 0, size = 0, recorded = 0;
        Step s;
        int r;

        *ret_shift = *ret_range = 0;
        if (!container_userns(c)) {
                log_warning("uid %u or gid %u is beyond the ids a user namespace of %s can map: it runs "
                            "without one, and its root is host root (see SECURITY.md).",
                        (unsigned) c->caller.uid, (unsigned) c->config.gid, c->name);
                return 0;
        }
        if (!own_range_needed(c))
                return 0;
        (void) uid_range_size(c->caller.uid, c->config.gid, c->config.nested, &size);
        if (step_begin(&s, "the uid range of %s (%u ids) from %s, allocated if new", c->name,
                    (unsigned) size, UID_RANGE_REGISTRY)) {
                r = uid_range_get(c->name, size, &shift);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(r, "Failed to allocate a uid range of %u ids for %s: %m",
                                (unsigned) size, c->name);
                show_note("  host uids %u..%u", (unsigned) shift, (unsigned) (shift + size - 1));
        } else if (uid_range_lookup(c->name, &shift, &recorded) < 0 || recorded < size)
                show_note("  (a new range: SHIFT below is allocated at the start)");
        if (c->config.nested && !show_dry_run())
                nested_subids_warn_old(
                        c->name, c->config.directory, c->config.user, c->caller.uid, c->config.gid);
        *ret_shift = shift;
        *ret_range = size;
        return 0;
}

/* host-look: the fonts.conf bound in, and the image's /etc/localtime a link into the host's /etc */
static int host_look_prepare(Context *c, Grants *g) {
        Step s;
        int r;

        if (!c->config.host_look)
                return 0;
        if (step_begin(&s, "write %s", g->fonts_conf)) {
                r = save_state_file(c, "fonts.conf", host_look_fonts_conf);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(r, "Failed to write %s: %m", g->fonts_conf);
        }
        if (step_begin(&s, "symlink %s/etc/localtime -> %s/localtime", c->config.directory, HOST_LOOK_ETC)) {
                r = host_look_link_localtime(c->config.directory);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(
                                r, "Failed to link %s/etc/localtime: %m", c->config.directory);
        }
        return 0;
}

/* ++show/++dry-run: what StartTransientUnit gets besides its fixed properties */
static void show_unit_extras(char *const *argv, char *const *devices, const UnitProperty *limits, size_t n) {
        show_argv("  ExecStart=", argv);
        show_argv("  DeviceAllow=", devices);
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *p = unit_property_to_string(limits + i);
                show_note("  %s", strna(p));
        }
}

static int start_container_with_grants(Context *c, Grants *g) {
        _cleanup_strv_free_ char **argv = NULL, **devices = NULL;
        _cleanup_free_ char *result = NULL;
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_free_ char *idmapped_root = NULL;
        UnitProperty limits[UNIT_LIMITS_MAX];
        size_t n_limits = 0;
        uint32_t uid_shift, uid_range;
        NspawnContext nc;
        Step s;
        int r;

        r = container_uid_range(c, &uid_shift, &uid_range);
        if (r < 0)
                return r;
        if (container_userns(c) && ephemeral(c) && ephemeral_root_path(c->name, &idmapped_root) < 0)
                return log_oom();
        r = unit_limits_build(&c->config, limits, &n_limits);
        if (r < 0)
                return log_error_errno(r, "%s: a resource limit is invalid.", c->conf_path);
        nc = (NspawnContext){
                .name = c->name,
                .directory = c->config.directory,
                .network = effective_network(c),
                .ephemeral = ephemeral(c),
                .userns = container_userns(c),
                .uid_shift = uid_shift,
                .uid_range = uid_range,
                .idmapped_root = idmapped_root,
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
                .runtime_dir = container_userns(c) ? NULL : g->runtime_dir,
                /* nspawn mounts a tmpfs owned by a host uid, unmapped in the container's user
                 * namespace and so the user's nowhere: there the runtime dir is a directory of the
                 * container's /run, made by the idmapped mounts and exec-app.c's runtime_dir_ensure() */
                .runtime_dir_options = g->runtime_dir_options,
                .wayland_socket = g->wayland_socket,
                .pipewire_socket = g->pipewire_socket,
                .cups_socket = g->cups_socket,
                .host_look = c->config.host_look,
                .fonts_conf = g->fonts_conf,
                .nvidia_nodes = g->nvidia_nodes,
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
        r = host_look_prepare(c, g);
        if (r < 0)
                return r;
        if (idmapped_root &&
                step_begin(&s, "mount %s idmapped (host uids %u..) on %s", c->config.directory,
                        (unsigned) uid_shift, idmapped_root)) {
                r = ephemeral_root_mount(
                        c->name, c->config.directory, &(UserNsMap){.shift = uid_shift, .range = uid_range});
                step_end(&s, r);
                if (r < 0)
                        (void) ephemeral_root_detach(c->name);
                if (r == -EOPNOTSUPP)
                        return log_error_errno(r,
                                "Failed to start the container %s: the file system of %s has no idmapped "
                                "mounts, which its user namespace needs.",
                                c->name, c->config.directory);
                if (r < 0)
                        return log_error_errno(
                                r, "Failed to mount %s on %s: %m", c->config.directory, idmapped_root);
        }

        if (step_begin(&s,
                    "D-Bus org.freedesktop.systemd1 StartTransientUnit(\"%s\", \"fail\") Type=notify "
                    "KillMode=mixed Delegate=yes Slice=machine.slice DevicePolicy=closed "
                    "CollectMode=inactive-or-failed TimeoutStopSec=10s",
                    c->unit)) {
                show_unit_extras(argv, devices, limits, n_limits);
                r = unit_start_transient(
                        c->bus, c->unit, c->owner, argv, devices, limits, n_limits, &result, &error);
                if (r == -EEXIST && unit_owned(c->bus, c->unit, c->owner) != 1)
                        return log_error_errno(-EBUSY, "machine %s is in use by another user.", c->name);
                if (r == -EEXIST) {
                        /* ours, left over from a launcher killed mid-transition: finish its stop, then
                         * start */
                        sd_bus_error_free(&error);
                        r = unit_stop_and_wait(c->bus, c->unit, c->name, &error);
                        if (r >= 0) {
                                sd_bus_error_free(&error);
                                r = unit_start_transient(c->bus, c->unit, c->owner, argv, devices, limits,
                                        n_limits, &result, &error);
                        }
                }
                step_end(&s, r);
                /* nspawn holds the idmapped root in its own mount namespace now (or failed) */
                if (idmapped_root)
                        (void) ephemeral_root_detach(c->name);
                /* nspawn refuses rather than chowning the rootfs; say why here, not only in the journal */
                if (r == -EIO && nc.userns && idmap_supported(c->config.directory) == 0)
                        return log_error_errno(-EOPNOTSUPP,
                                "Failed to start the container %s: the file system of %s has no idmapped "
                                "mounts, which its user namespace needs.",
                                c->name, c->config.directory);
                if (r == -EIO)
                        return log_error_errno(r,
                                "Failed to start the container %s (job %s); see 'journalctl -u %s'.",
                                c->name, strna(result), c->unit);
                if (r < 0)
                        return log_error_errno(
                                r, "Failed to start %s: %s", c->unit, error.message ?: strerror(-r));
        } else
                show_unit_extras(argv, devices, limits, n_limits);
        return 0;
}

/* Checks the rootfs, resolves the grants (gui-private starts Xephyr there), starts the unit, opens
 * its leader (*ret_machine, c->leader_pidfd) and mounts the user's binds in it. */
static int start_container(Context *c, MachineInfo *ret_machine) {
        _cleanup_(allow_plan_done) AllowPlan allow = {};
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

        /* before anything starts: a name that does not resolve refuses the start */
        r = allowlist_prepare(c, &allow);
        if (r < 0)
                return r;
        /* a table left by a start with an allow list would filter this one's veth too */
        if (!allow.active && effective_network(c) == NETWORK_NAT)
                (void) allowlist_remove(c);

        step_begin(&s, "resolve grants as %s (binds, devices, X11, sound, D-Bus, Wayland, PipeWire, CUPS)",
                c->caller.user);
        r = prepare_grants(c, &g);
        step_end(&s, r);
        if (r >= 0)
                r = start_container_with_grants(c, &g);
        if (r >= 0 && !show_dry_run()) {
                r = get_own_machine(c, ret_machine);
                if (r == -ENXIO)
                        r = log_error_errno(r,
                                "The container %s started but is not registered; see "
                                "'journalctl -u %s'.",
                                c->name, c->unit);
                if (r >= 0)
                        r = open_leader(c, ret_machine);
        }
        /* before anything of the user's runs in it: the agent and the app find their folders */
        if (r >= 0 && container_userns(c))
                r = grants_mount_idmapped(c, &g, show_dry_run() ? 0 : ret_machine->leader);
        /* the rules go in before anything of the user's runs in it; without them, no container */
        if (r >= 0) {
                r = allowlist_apply(c, &allow);
                if (r < 0)
                        (void) container_stop(c);
        }
        /* a nested X server or a bus filter without its container is of no use to anyone */
        if (r < 0 && c->config.gui_private)
                (void) x11_private_stop(c->bus, c->xephyr_unit);
        if (r < 0 && c->config.dbus != DBUS_OFF)
                (void) dbus_proxy_stop(c->bus, c->dbus_proxy_unit, c->state_dir);
        return r;
}

static void cleanup_state(Context *c) {
        _cleanup_free_ char *env = path_join(c->state_dir, "env"),
                            *cookie = path_join(c->state_dir, "Xauthority"),
                            *token = path_join(c->state_dir, AGENT_TOKEN_NAME),
                            *fonts = path_join(c->state_dir, "fonts.conf");

        if (env)
                unlink(env);
        if (cookie)
                unlink(cookie);
        if (token)
                unlink(token);
        if (fonts)
                unlink(fonts);
        rmdir(c->state_dir);
}

int container_stop(Context *c) {
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
        if (c->config.dbus != DBUS_OFF && dbus_proxy_stop(c->bus, c->dbus_proxy_unit, c->state_dir) < 0)
                return -EIO;
        cleanup_state(c);
        /* its veth is gone with it; the rules naming it go too */
        return allowlist_remove(c);
}

/* ARGV as the user in the container of LEADER, or (AGENT_FD >= 0, detached) the agent serving
 * it; see exec_app(). */
int run_in_container(Context *c, pid_t leader, char *const *argv, char *const *env, bool detach,
        const AgentListen *agent, int *ret_status) {
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
                .userns_expected = container_userns(c),
                .nested = c->config.nested,
                .agent = !!agent,
                .agent_fd = agent ? agent->fd : -1,
                .agent_token = agent ? &agent->token : NULL,
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
                return log_error_errno(-EIO, "Failed to read %s/env.", c->state_dir);
        r = run_in_container(c, leader, argv, env, true, NULL, &status);
        if (r < 0)
                return r;
        return status == 0 ? 0 : -EIO; /* the child said why */
}

/* The private session bus (session-bus.h), as the user like the app, before anything that may
 * use it (the window manager, the agent's apps, the first app). */
static int start_session_bus(Context *c, pid_t leader) {
        _cleanup_strv_free_ char **argv = NULL, **env = NULL;
        int r, status = 0;

        if (session_bus_argv(c->caller.uid, &argv) < 0)
                return log_oom();
        /* its activated services (dconf-service) inherit this: HOME, XDG_RUNTIME_DIR, DISPLAY */
        if (!show_dry_run() && load_inside_env(c, &env) < 0)
                return log_error_errno(-EIO, "Failed to read %s/env.", c->state_dir);
        r = run_in_container(c, leader, argv, env, false, NULL, &status);
        if (r < 0)
                return r;
        return status == 0 ? 0 : -EIO; /* dbus-daemon said why */
}

/* The warm path's agent (agent.h): listening socket as root, then served by a detached process of
 * the user's in the container, dropped like the app. */
static int start_agent(Context *c, pid_t leader) {
        _cleanup_free_ char *path = path_join(c->state_dir, AGENT_SOCKET_NAME),
                            *token_path = path_join(c->state_dir, AGENT_TOKEN_NAME);
        AgentListen agent = {};
        _cleanup_strv_free_ char **env = NULL;
        _cleanup_close_ int fd = -1;
        char *argv[] = {(char *) "(agent)", NULL};
        Step s;
        int r, status = 0;

        if (!path || !token_path)
                return log_oom();
        if (step_begin(&s, "listen on %s, token in %s (owner %s, 0600) for the agent", path, token_path,
                    c->caller.user)) {
                r = agent_listen(path, c->caller.uid, c->config.gid, &fd);
                if (r >= 0)
                        r = agent_token_new(token_path, c->caller.uid, c->config.gid, &agent.token);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(r, "Failed to listen on %s: %m", path);
        }
        agent.fd = fd;
        if (load_inside_env(c, &env) < 0)
                return log_error_errno(-EIO, "Failed to read %s/env.", c->state_dir);
        r = run_in_container(c, leader, argv, env, true, &agent, &status);
        if (r < 0)
                return r;
        return status == 0 ? 0 : -EIO; /* the child said why */
}

/* Under the mutex: (HOLD) take our shared reference, then start the container unless it runs.
 * *ret_leader is the container's init. */
int container_ensure_started(Context *c, bool hold, int *ret_ref_fd, pid_t *ret_leader) {
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

                r = start_container(c, &m);
                if (r < 0)
                        return r;
                if (show_dry_run()) {
                        if (!c->config.nested)
                                (void) start_session_bus(c, 0);
                        if (wm)
                                (void) start_window_manager(c, 0);
                        *ret_leader = 0;
                        return 0;
                }
                /* apps run without it as they did before there was one: settings are not saved */
                if (!c->config.nested && start_session_bus(c, m.leader) < 0)
                        log_warning("Starting the session bus in %s failed; apps run without one.", c->name);
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
int container_release(Context *c, int *ref_fd) {
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
        return container_stop(c);
}
