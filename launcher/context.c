/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

#include "context.h"
#include "log.h"
#include "machine.h"
#include "macro.h"
#include "names.h"
#include "nspawn-args.h"
#include "owner.h"
#include "path-util.h"
#include "show.h"
#include "unit.h"

void context_done(Context *c) {
        free(c->name);
        free(c->conf_path);
        app_config_done(&c->config);
        caller_done(&c->caller);
        strv_free(c->env);
        free(c->unit);
        free(c->xephyr_unit);
        free(c->dbus_proxy_unit);
        free(c->state_dir);
        run_paths_done(&c->paths);
        free(c->owner);
        if (c->leader_pidfd > 0)
                c->leader_pidfd = safe_close(c->leader_pidfd);
        c->bus = sd_bus_flush_close_unref(c->bus);
}

static int load_config(Context *c) {
        _cleanup_free_ char *error = NULL;
        FsIds saved = {};
        int r, q;

        /* the user names the file: read it with the user's rights, never root's */
        if (c->caller.user) {
                r = fs_ids_become(&c->caller, &saved);
                if (r < 0)
                        return log_error_errno(
                                r, "Failed to switch to the file system ids of %s: %m", c->caller.user);
        }
        r = app_config_load(c->conf_path, &c->config, &error);
        q = fs_ids_restore(&saved);
        if (q < 0 && r >= 0)
                return log_error_errno(
                        q, "Failed to switch back from the file system ids of %s: %m", c->caller.user);
        if (r < 0) {
                if (error)
                        log_error("%s", error);
                else
                        log_error_errno(r, "Failed to load %s: %m", c->conf_path);
                return r;
        }
        return 0;
}

NetworkMode effective_network(const Context *c) {
        if (c->args->action == ACTION_APTUPDATE || c->args->action == ACTION_APTUPDATEALL)
                return NETWORK_ON;
        return c->args->network >= 0 ? c->args->network : c->config.network;
}

int bus_open(Context *c) {
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

int state_dir_ensure(Context *c) {
        int r;

        r = run_dirs_ensure(&c->paths);
        if (r < 0)
                return log_error_errno(
                        r, "Failed to set up %s (root-owned directories, mode 0755): %m", c->paths.user_dir);
        if (mkdir(c->state_dir, 0755) < 0 && errno != EEXIST)
                return log_error_errno(negative_errno(), "Failed to create %s: %m", c->state_dir);
        return 0;
}

int context_setup(
        Context *c, const LauncherArgs *args, const char *name, const char *conf_path, char **env) {
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
                return log_error_errno(-EPERM, "%s is for uid %u (%s), but you are uid %u (%s).",
                        c->conf_path, (unsigned) c->config.uid, c->config.user, (unsigned) c->caller.uid,
                        c->caller.user);
        /* the app runs with this gid: it must be one the caller already has on the host */
        if (!caller_has_group(&c->caller, c->config.gid))
                return log_error_errno(-EPERM, "%s: gid %u is not one of the groups of %s.", c->conf_path,
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
        if (asprintf(&c->dbus_proxy_unit, "app-container-dbus@%u-%s.service", (unsigned) c->caller.uid,
                    name) < 0) {
                c->dbus_proxy_unit = NULL;
                return log_oom();
        }
        return 0;
}
