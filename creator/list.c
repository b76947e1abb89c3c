/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <systemd/sd-bus.h>

#include "app-list.h"
#include "apps.h"
#include "commands.h"
#include "config.h"
#include "log.h"
#include "machine.h"
#include "macro.h"
#include "owner.h"
#include "path-util.h"
#include "refcount.h"

/* "running", "stopped", or what machined says while it starts or stops; "?" without machined */
static const char *state_of(sd_bus *bus, const char *name, MachineInfo *m) {
        int r;

        if (!bus)
                return "?";
        r = machine_get(bus, name, m, NULL);
        if (r == -ENXIO)
                return "stopped";
        if (r < 0)
                return "?";
        return m->state ?: "running";
}

static bool rootfs_is_ours(const App *a) {
        _cleanup_close_ int pfd = -1, fd = -1;
        _cleanup_free_ char *why = NULL;

        return rootfs_open_ours(
                       a->config.directory, a->name, a->config.user, a->config.uid, &pfd, &fd, &why) >= 0;
}

int command_list(const char *script_dir) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_strv_free_ char **names = NULL;
        int r, broken = 0;

        r = apps_list(script_dir, &names);
        if (r < 0)
                return log_error_errno(r, "Failed to list %s: %m", script_dir);
        if (!names[0]) {
                printf("No app containers in %s.\n", script_dir);
                return 0;
        }
        if (sd_bus_open_system(&bus) < 0)
                bus = NULL; /* no machined to ask: states show as "?" */

        printf("%-20s %-10s %-9s %9s %10s  %s\n", "NAME", "DISTRO", "STATE", "INSTANCES", "SIZE",
                "DIRECTORY");
        for (size_t i = 0; names[i]; i++) {
                _cleanup_(app_done) App a = {};
                RunPaths paths = {};
                _cleanup_(machine_info_done) MachineInfo m = {};
                _cleanup_free_ char *error = NULL;
                char size[16] = "-";
                uint64_t bytes, shared;
                bool complete;
                int n;

                r = app_load(script_dir, names[i], &a, &error);
                if (r < 0) {
                        if (error)
                                log_error("%s", error);
                        else
                                log_error_errno(r, "Failed to load the conf of %s: %m", names[i]);
                        printf("%-20s %-10s %-9s %9s %10s  %s\n", names[i], "?", "broken", "-", "-", "-");
                        broken++;
                        continue;
                }
                /* as the user a root-only /var/lib/machines hides it: "-" rather than a wrong number;
                 * root measures only a rootfs made for this app, not any directory a conf names */
                /* on a store (XFS, btrfs) what the app costs: its blocks not shared with its base */
                if (rootfs_is_ours(&a) && disk_usage(a.config.directory, &bytes, &shared, &complete) >= 0 &&
                        complete)
                        format_bytes(bytes - (shared < bytes ? shared : bytes), size);
                n = -1;
                if (run_paths_for(RUN_DIR, a.config.uid, a.name, &paths) >= 0)
                        n = refcount_count(paths.lock_dir, a.name);
                run_paths_done(&paths);
                printf("%-20s %-10s %-9s %9d %10s  %s\n", a.name, strna(a.config.distro),
                        state_of(bus, a.name, &m), n < 0 ? 0 : n, size, a.config.directory);
        }
        return broken ? -EINVAL : 0;
}
