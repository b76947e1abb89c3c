/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include "actions.h"
#include "apps.h"
#include "commands.h"
#include "config.h"
#include "desktop.h"
#include "install-launcher.h"
#include "log.h"
#include "machine.h"
#include "macro.h"
#include "owner.h"
#include "path-util.h"
#include "process.h"
#include "recipe.h"
#include "unit.h"
#include "user.h"

bool ask_yes_no(const char *format, ...) {
        char answer[16] = "";
        va_list ap;

        va_start(ap, format);
        vfprintf(stderr, format, ap);
        va_end(ap);
        fputs(" [y/N] ", stderr);
        fflush(stderr);
        if (!fgets(answer, sizeof(answer), stdin))
                return false;
        answer[strcspn(answer, "\n")] = 0;
        return streq(answer, "y") || streq(answer, "Y") || streq(answer, "yes");
}

static int stop_if_running(const char *name, const AppConfig *config) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        int r;

        r = sd_bus_open_system(&bus);
        if (r < 0)
                return log_error_errno(r, "Failed to connect to the system bus to stop %s: %m", name);
        /* only the container root started for this app's user from its rootfs (owner.h) */
        r = owned_machine_stop(bus, name, config->uid, config->directory, config->ephemeral, &error);
        if (r == -EBUSY)
                return log_error_errno(r, "machine %s is in use by another user.", name);
        if (r < 0)
                return log_error_errno(r, "Failed to stop %s: %s", name, error.message ?: strerror(-r));
        return 0;
}

static void unlink_reported(const char *path) {
        if (unlink(path) == 0)
                log_info("Removed %s", path);
        else if (errno != ENOENT)
                log_warning_errno(errno, "Failed to remove %s: %m", path);
}

static int unlink_all(void *paths) {
        for (const char *const *p = paths; *p; p++)
                unlink_reported(*p);
        return 0;
}

/* Files in the user's home go as the user: root follows no symlink of theirs. */
static void unlink_as_user(const Invoker *inv, const char *const *paths) {
        int r;

        if (inv->uid == 0) {
                (void) unlink_all((void *) paths);
                return;
        }
        r = run_as_user(inv->uid, inv->gid, NULL, unlink_all, (void *) paths);
        if (r < 0 && r != -EIO)
                log_warning_errno(r, "Failed to remove the desktop entry as %s: %m", inv->name);
}

int command_remove(const char *script_dir, const char *name, bool purge, bool yes) {
        _cleanup_(app_done) App a = {};
        _cleanup_free_ char *error = NULL, *recipe = NULL, *desktop = NULL, *icon = NULL, *snapshot = NULL,
                            *icon_base = NULL, *icon_svg = NULL;
        _cleanup_(invoker_done) Invoker inv = {};
        int r, ours;

        if (geteuid() != 0)
                return log_error_errno(
                        EPERM, "remove must run as root (through sudo): it stops the container");
        r = app_load(script_dir, name, &a, &error);
        if (r == -ENOENT)
                return log_error_errno(r, "There is no app container %s in %s.", name, script_dir);
        if (r < 0 && error)
                return log_error_errno(r, "%s; fix it with 'make-app-container edit %s' first", error, name);
        if (r < 0)
                return log_error_errno(r, "Failed to load the conf of %s: %m", name);
        ours = launcher_is_ours(APPCTL_PATH, a.launcher);
        if (ours < 0)
                return log_error_errno(ours, "Failed to look at %s: %m", a.launcher);
        if (purge) {
                r = rootfs_removable(a.config.directory, script_dir);
                if (r < 0)
                        return log_error_errno(r,
                                "%s: will not remove directory %s: it is not a root-owned container root "
                                "file system",
                                a.conf_path, a.config.directory);
        }
        r = recipe_path(a.conf_path, &recipe);
        if (r < 0)
                return log_oom();
        r = invoker_get(&inv);
        if (r < 0)
                return log_error_errno(r, "Failed to find out who runs us: %m");
        if (desktop_paths(inv.home, name, &desktop, &icon_base) < 0 ||
                asprintf(&icon, "%s.png", icon_base) < 0 || asprintf(&icon_svg, "%s.svg", icon_base) < 0)
                return log_oom();

        if (!yes && isatty(STDIN_FILENO) &&
                !ask_yes_no("Remove the app container %s (launcher, conf%s)%s%s?", name,
                        access(desktop, F_OK) == 0 ? ", desktop entry" : "",
                        purge ? " and its root file system " : "", purge ? a.config.directory : "")) {
                log_info("Nothing removed.");
                return -ECANCELED;
        }

        r = stop_if_running(name, &a.config);
        if (r < 0)
                return r;
        if (ours)
                unlink_reported(a.launcher);
        else
                log_warning("%s is not an app-container launcher; leaving it.", a.launcher);
        unlink_reported(a.conf_path);
        unlink_reported(recipe);
        unlink_as_user(&inv, (const char *const[]){desktop, icon, icon_svg, NULL});
        if (purge) {
                r = remove_tree(a.config.directory);
                if (r < 0)
                        return log_error_errno(r, "Failed to remove %s: %m", a.config.directory);
                log_info("Removed %s", a.config.directory);
                /* ++aptupdate's snapshot (launcher/snapshot.h) goes with the rootfs it copies */
                if (asprintf(&snapshot, "%s.snapshot", a.config.directory) < 0)
                        return log_oom();
                if (rootfs_removable(snapshot, script_dir) >= 0) {
                        r = remove_tree(snapshot);
                        if (r < 0)
                                return log_error_errno(r, "Failed to remove %s: %m", snapshot);
                        log_info("Removed %s", snapshot);
                }
        }
        return 0;
}
