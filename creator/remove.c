/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include "app-lock.h"
#include "apps.h"
#include "commands.h"
#include "config.h"
#include "desktop.h"
#include "dry-run-actions.h"
#include "install-launcher.h"
#include "log.h"
#include "machine.h"
#include "macro.h"
#include "names.h"
#include "owner.h"
#include "path-util.h"
#include "process.h"
#include "recipe.h"
#include "rm-rf-at.h"
#include "uid-range.h"
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

typedef struct ScriptFiles {
        const char *dir;
        const char *names[4];
} ScriptFiles;

/* Runs as the user: the script dir is theirs, so root never unlinks through it (a symlink swapped
 * in after the prompt only ever leads where the user could unlink anyway). */
static int unlink_in_script_dir(void *userdata) {
        const ScriptFiles *f = userdata;
        _cleanup_close_ int dfd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

        if (dfd < 0)
                return log_error_errno(negative_errno(), "Failed to open %s: %m", f->dir);
        for (size_t i = 0; i < ELEMENTSOF(f->names) && f->names[i]; i++)
                if (unlinkat(dfd, f->names[i], 0) == 0)
                        log_info("Removed %s/%s", f->dir, f->names[i]);
                else if (errno != ENOENT)
                        log_warning_errno(
                                negative_errno(), "Failed to remove %s/%s: %m", f->dir, f->names[i]);
        return 0;
}

static void unlink_reported(const char *path) {
        if (unlink(path) == 0)
                log_info("Removed %s", path);
        else if (errno != ENOENT)
                log_warning_errno(negative_errno(), "Failed to remove %s: %m", path);
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
        _cleanup_free_ char *error = NULL, *desktop = NULL, *icon = NULL, *snapshot = NULL,
                            *icon_base = NULL, *icon_svg = NULL, *conf_name = NULL, *recipe_name = NULL,
                            *why = NULL;
        _cleanup_close_ int parent_fd = -1, rootfs_fd = -1, snap_parent_fd = -1, snap_fd = -1, mutex = -1;
        _cleanup_(invoker_done) Invoker inv = {};
        struct stat st;
        uid_t uid;
        gid_t gid;
        int r, ours;

        if (geteuid() != 0)
                return log_error_errno(
                        -EPERM, "remove must run as root (through sudo): it stops the container");
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
                /* opened once, before the prompt: what was checked is what goes, whatever is
                 * swapped meanwhile */
                r = rootfs_open_ours(
                        a.config.directory, name, a.config.user, a.config.uid, &parent_fd, &rootfs_fd, &why);
                if (r < 0)
                        return log_error_errno(r, "%s: will not remove the root file system: %s",
                                a.conf_path, why ?: strerror(-r));
                /* ++aptupdate's snapshot (launcher/snapshot.h) goes with the rootfs it copies */
                if (snapshot_path(a.config.directory, &snapshot) < 0)
                        return log_oom();
                free(why);
                why = NULL;
                (void) rootfs_open_ours(
                        snapshot, name, a.config.user, a.config.uid, &snap_parent_fd, &snap_fd, &why);
        }
        if (asprintf(&conf_name, "%s.conf", name) < 0 || asprintf(&recipe_name, "%s.recipe", name) < 0)
                return log_oom();
        r = invoker_get(&inv);
        if (r < 0)
                return log_error_errno(r, "Failed to find out who runs us: %m");
        /* the files in the script dir go as their user: sudo's, or (plain root) the conf's */
        uid = inv.uid != 0 ? inv.uid : a.config.uid;
        gid = inv.uid != 0 ? inv.gid : a.config.gid;
        if (uid == 0)
                return log_error_errno(
                        -EPERM, "%s: will not remove files as root in %s", a.conf_path, script_dir);
        if (stat(script_dir, &st) < 0 || st.st_uid != uid)
                return log_error_errno(-EPERM, "%s is not the directory of uid %u: nothing removed",
                        script_dir, (unsigned) uid);
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

        /* the launcher's mutex, held to the end: no launch starts the container between its stop
         * and the removal of what it runs from */
        r = app_mutex_lock(name, a.config.uid, &mutex);
        if (r < 0)
                return r;
        r = stop_if_running(name, &a.config);
        if (r < 0)
                return r;
        if (!ours)
                log_warning("%s is not an app-container launcher; leaving it.", a.launcher);
        r = run_as_user(uid, gid, inv.uid != 0 ? inv.name : NULL, unlink_in_script_dir,
                &(ScriptFiles){script_dir, {conf_name, recipe_name, ours ? name : NULL}});
        if (r < 0 && r != -EIO)
                log_warning_errno(r, "Failed to remove the files in %s: %m", script_dir);
        unlink_as_user(&inv, (const char *const[]){desktop, icon, icon_svg, NULL});
        if (purge) {
                r = rm_rf_at(parent_fd, path_basename(a.config.directory), rootfs_fd);
                if (r < 0)
                        return log_error_errno(r, "Failed to remove %s: %m", a.config.directory);
                log_info("Removed %s", a.config.directory);
                if (snap_fd >= 0) {
                        r = rm_rf_at(snap_parent_fd, path_basename(snapshot), snap_fd);
                        if (r < 0)
                                return log_error_errno(r, "Failed to remove %s: %m", snapshot);
                        log_info("Removed %s", snapshot);
                }
                /* its uid range (uid-range.h) goes with it; a new app of the name gets a new one */
                r = uid_range_free(name);
                if (r < 0)
                        log_warning_errno(r, "Failed to free the uid range of %s: %m", name);
        }
        return 0;
}
