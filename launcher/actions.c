/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <unistd.h>

#include "actions.h"
#include "allowlist.h"
#include "app-list.h"
#include "bind-x11.h"
#include "container.h"
#include "desktop.h"
#include "exec-app.h"
#include "grants.h"
#include "log.h"
#include "macro.h"
#include "names.h"
#include "nspawn-args.h"
#include "path-util.h"
#include "process.h"
#include "recipe-status.h"
#include "refcount.h"
#include "show.h"
#include "snapshot.h"
#include "uid-range.h"
#include "unit.h"
#include "validate.h"

#define SYSTEMD_RUN "/usr/bin/systemd-run"

/* After a run in the container (R) and the release of our reference (Q): the run's failure first,
 * then the app's own STATUS; a failed release only when the app itself succeeded (the app's
 * failure is what its caller wants to see, not ours at exit). */
static int status_after_release(int r, int q, int status, int *ret_status) {
        if (r < 0)
                return r;
        if (q < 0 && status == 0)
                return q;
        *ret_status = status;
        return 0;
}

/* The warm path's last instance: stop the container unless an instance came in meanwhile. */
static int action_release(Context *c) {
        _cleanup_close_ int mutex = -1, probe = -1;
        Step s;
        int r;

        r = refuse_foreign_machine(c);
        if (r < 0)
                return r;
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
                return log_error_errno(r, "Failed to check the instances of %s: %m", c->name);
        if (r == 0) {
                show_note("  another instance came in; leaving %s up", c->name);
                return 0;
        }
        return container_stop(c);
}

static int build_app_argv(Context *c, char ***ret) {
        int r = launcher_args_app_argv(c->args, c->config.run, ret);

        if (r == -EINVAL)
                return log_error_errno(r, "%s: run has an unbalanced quote.", c->conf_path);
        if (r == -ENOENT)
                return log_error_errno(-EINVAL, "No command to run.");
        return r < 0 ? log_oom() : 0;
}

static int action_run(Context *c, int *ret_status) {
        _cleanup_strv_free_ char **argv = NULL, **env = NULL;
        _cleanup_close_ int ref = -1;
        pid_t leader;
        int r, q, status = 0;

        r = build_app_argv(c, &argv);
        if (r < 0)
                return r;
        r = container_ensure_started(c, true, &ref, &leader);
        if (r < 0)
                return r;
        /* nothing to talk to while the app runs; reconnect at exit */
        c->bus = sd_bus_flush_close_unref(c->bus);

        if (load_inside_env(c, &env) < 0)
                log_warning("Failed to read %s/env; the app gets no DISPLAY or PULSE_SERVER.", c->state_dir);
        {
                _cleanup_strv_free_ char **launch = NULL;

                if (per_launch_env(c->env, env_get, &launch) < 0)
                        return log_oom();
                for (size_t i = 0; launch && launch[i]; i++)
                        if (strv_extend(&env, launch[i]) < 0)
                                return log_oom();
        }

        r = 0;
        if (leader > 0 || show_dry_run())
                r = run_in_container(c, leader, argv, env, false, NULL, &status);
        q = container_release(c, &ref);
        return status_after_release(r, q, status, ret_status);
}

static int action_start(Context *c) {
        pid_t leader;

        return container_ensure_started(c, false, NULL, &leader);
}

static int action_stop(Context *c) {
        _cleanup_(machine_info_done) MachineInfo m = {};
        _cleanup_close_ int mutex = -1;
        Step s;
        int r, n;

        r = refuse_foreign_machine(c);
        if (r < 0)
                return r;
        if (step_begin(&s, "flock(%s/%s.lock, LOCK_EX)", c->paths.lock_dir, c->name)) {
                r = state_dir_ensure(c);
                if (r >= 0)
                        r = refcount_mutex_lock(c->paths.lock_dir, c->name, c->caller.uid, &mutex);
                step_end(&s, r);
                if (r < 0)
                        return log_error_errno(
                                r, "Failed to lock %s/%s.lock: %m", c->paths.lock_dir, c->name);
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
                return r;
        r = container_stop(c);
        if (r < 0)
                return r;
        if (!show_dry_run())
                printf("Stopped %s; ended %d instance%s.\n", c->name, n < 0 ? 0 : n, n == 1 ? "" : "s");
        return 0;
}

/* "  limits:    MemoryMax=..., TasksMax=..." when the conf sets any */
static void show_limits(const AppConfig *config) {
        UnitProperty l[UNIT_LIMITS_MAX];
        size_t n = 0;

        if (unit_limits_build(config, l, &n) < 0 || n == 0)
                return;
        printf("  limits:   ");
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *p = unit_property_to_string(l + i);
                printf(" %s", strna(p));
        }
        printf("\n");
}

static int action_status(Context *c) {
        _cleanup_(machine_info_done) MachineInfo m = {};
        _cleanup_strv_free_ char **recipe = NULL;
        _cleanup_free_ char *why = NULL;
        _cleanup_free_ char *grants = NULL;
        int r, n;

        r = bus_open(c);
        if (r < 0)
                return r;
        r = get_machine(c, &m);
        if (r < 0 && r != -ENXIO)
                return r;
        /* another user's machine of the same name: none of this caller's business */
        if (r >= 0 && !machine_matches(&m, c->unit, c->config.directory, c->config.ephemeral))
                r = -ENXIO;
        n = refcount_count(c->paths.lock_dir, c->name);
        grants = grants_to_string(&c->config);
        printf("%s: %s\n", c->name, r >= 0 ? strna(m.state) : "not running");
        if (r >= 0) {
                uint64_t mem = UINT64_MAX, cpu = UINT64_MAX;

                printf("  leader:    %d\n", (int) m.leader);
                /* what the unit uses now: the limits of the conf are its properties */
                if (unit_get_usage(c->bus, c->unit, &mem, &cpu) >= 0) {
                        if (mem != UINT64_MAX)
                                printf("  memory:    %.1f MiB\n", (double) mem / (1024.0 * 1024.0));
                        else /* no memory controller in the unit's cgroup (a container as host) */
                                printf("  memory:    unknown (no memory accounting)\n");
                        if (cpu != UINT64_MAX)
                                printf("  cpu time:  %.3f s\n", (double) cpu / 1e9);
                }
        }
        printf("  instances: %d\n", n < 0 ? 0 : n);
        printf("  unit:      %s\n", c->unit);
        printf("  directory: %s\n", c->config.directory);
        printf("  config:    %s\n", c->conf_path);
        printf("  grants:    %s\n", strna(grants));
        if (c->config.dbus == DBUS_FULL)
                printf("  warning:   dbus = full: the app has your whole session bus; through\n"
                       "             org.freedesktop.systemd1 it can run any command on the host.\n"
                       "             dbus = filtered gives notifications, tray and portals only.\n");
        if (c->config.dbus == DBUS_FILTERED)
                printf("  dbus:      %s (xdg-dbus-proxy)\n", c->dbus_proxy_unit);
        /* the one container that still runs in the host's user namespace (SECURITY.md) */
        if (uid_range_size(c->caller.uid, c->config.gid, c->config.nested, &(uint32_t){0}) < 0)
                printf("  warning:   uid %u or gid %u is beyond the ids a user namespace of this app can\n"
                       "             map: it runs without one, and its root is host root.\n",
                        (unsigned) c->caller.uid, (unsigned) c->config.gid);
        show_limits(&c->config);
        allowlist_print_status(c, r >= 0);
        /* only what the rootfs check passes: its recipe is read as root */
        if (validate_rootfs(c->config.directory, c->config.user, c->config.uid, &why) >= 0 &&
                recipe_status(&c->caller, c->conf_path, c->config.directory, &recipe) >= 0)
                for (size_t i = 0; recipe[i]; i++)
                        printf("  recipe:    %s\n", recipe[i]);
        return 0;
}

static int exec_systemd_run(void *userdata) {
        char **argv = userdata;

        execv(argv[0], argv);
        log_error_errno(negative_errno(), "Failed to execute %s: %m", argv[0]);
        return 127;
}

/* *RET_STATUS is apt's exit status. */
static int run_apt(Context *c, int *ret_status) {
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
        int r, status;

        /* as a unit of the container's own systemd: confined like everything nspawn runs there */
        if (!step_begin(&s, "run apt-get update && full-upgrade as root in %s", c->name)) {
                show_argv("  ", argv);
                *ret_status = 0;
                return 0;
        }
        show_argv("  ", argv);
        r = process_fork(exec_systemd_run, argv, &pid);
        if (r < 0)
                return log_error_errno(r, "Failed to fork: %m");
        r = process_wait_to_end(pid, &status);
        if (r < 0)
                return log_error_errno(r, "Failed to wait for %s: %m", argv[0]);
        step_end(&s, 0);
        if (status != 0)
                log_error("Upgrading %s failed (exit status %d).", c->name, status);
        *ret_status = status;
        return 0;
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
                return log_error_errno(r, "%s: %s", c->conf_path, why ?: strerror(-r));
        if (snapshot_path(c->config.directory, &snap) < 0)
                return log_oom();
        r = refuse_foreign_machine(c);
        if (r < 0)
                return r;
        if (!step_begin(&s, "flock(%s/%s.lock, LOCK_EX), put %s in place of %s", c->paths.lock_dir, c->name,
                    snap, c->config.directory))
                return 0;
        r = state_dir_ensure(c);
        if (r >= 0)
                r = refcount_mutex_lock(c->paths.lock_dir, c->name, c->caller.uid, &mutex);
        if (r < 0)
                return log_error_errno(r, "Failed to lock %s/%s.lock: %m", c->paths.lock_dir, c->name);
        r = get_own_machine(c, &m);
        if (r >= 0)
                return log_error_errno(
                        -EBUSY, "%s is running; stop it first ('%s ++stop').", c->name, c->name);
        if (r != -ENXIO)
                return r;
        r = snapshot_restore(c->config.directory);
        step_end(&s, r);
        if (r == -ENOENT)
                return log_error_errno(r, "%s has no snapshot (%s): ++aptupdate makes one.", c->name, snap);
        if (r < 0)
                return log_error_errno(r, "Failed to put %s in place of %s: %m", snap, c->config.directory);
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
                return log_error_errno(r, "%s: %s", c->conf_path, why ?: strerror(-r));
        launcher = strndup(c->conf_path, n - strlen(".conf"));
        if (!launcher)
                return log_oom();
        if (!step_begin(&s, "desktop entry for %s from %s/usr/share/applications, written as %s", launcher,
                    c->config.directory, c->caller.user))
                return 0;
        r = desktop_install(c->config.directory, c->name, launcher, c->config.run, c->caller.uid,
                c->config.gid, c->caller.home, &entry);
        step_end(&s, r);
        if (r < 0)
                return r;
        printf("Wrote %s.\n", entry);
        return 0;
}

static int action_aptupdate(Context *c, int *ret_status) {
        _cleanup_close_ int ref = -1;
        pid_t leader;
        int r, q, status = 0;

        /* before the snapshot: nothing happens for a name someone else's machine has */
        r = refuse_foreign_machine(c);
        if (r < 0)
                return r;
        if (c->config.ephemeral && !show_dry_run()) {
                _cleanup_(machine_info_done) MachineInfo m = {};
                if (get_own_machine(c, &m) >= 0)
                        return log_error_errno(-EBUSY,
                                "%s runs on its throwaway overlay (ephemeral); stop it first ('%s "
                                "++stop'): an update there would vanish with it.",
                                c->name, c->name);
        }
        r = take_snapshot(c);
        if (r < 0)
                return r;
        r = container_ensure_started(c, true, &ref, &leader);
        if (r < 0)
                return r;
        r = run_apt(c, &status);
        q = container_release(c, &ref);
        return status_after_release(r, q, status, ret_status);
}

/* The apps in DIR with an executable launcher, as the caller sees them (their fs ids). */
static int list_as_caller(Context *c, const char *dir, char ***ret) {
        _cleanup_strv_free_ char **names = NULL, **runnable = NULL;
        FsIds saved = {};
        int r, q;

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
        q = fs_ids_restore(&saved);
        if (r < 0)
                return r;
        if (q < 0)
                return q;
        *ret = runnable ? TAKE_PTR(runnable) : calloc(1, sizeof(char *));
        return *ret ? 0 : -ENOMEM;
}

static int action_aptupdateall(Context *c) {
        _cleanup_free_ char *dir = path_dirname(c->conf_path);
        _cleanup_strv_free_ char **names = NULL;
        int r, status, failed = 0;

        if (!dir)
                return log_oom();
        /* only what the creator wrote: a stray *.conf is not a container. The user's directory,
         * listed with the user's rights, never root's. */
        r = list_as_caller(c, dir, &names);
        if (r < 0)
                return log_error_errno(r, "Failed to list %s: %m", dir);
        for (size_t i = 0; names[i]; i++) {
                _cleanup_free_ char *conf = NULL, *launcher = path_join(dir, names[i]);
                _cleanup_(context_done) Context o = {};

                if (!launcher || asprintf(&conf, "%s.conf", launcher) < 0)
                        return log_oom();
                printf("==> %s\n", names[i]);
                fflush(stdout);
                status = 0;
                if (context_setup(&o, c->args, names[i], conf, strv_copy(c->env)) < 0 ||
                        action_aptupdate(&o, &status) < 0 || status != 0)
                        failed++;
        }
        return failed ? -EIO : 0; /* each one said why */
}

int actions_dispatch(Context *c, int *ret_status) {
        *ret_status = 0;
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
                return action_aptupdate(c, ret_status);
        case ACTION_APTUPDATEALL:
                return action_aptupdateall(c);
        default:
                return action_run(c, ret_status);
        }
}
