/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include "config.h"

#include "app-lock.h"
#include "apps.h"
#include "cache.h"
#include "distro.h"
#include "io-util.h"
#include "log.h"
#include "machine.h"
#include "path-util.h"
#include "process.h"
#include "rebuild.h"
#include "recipe.h"
#include "verbs.h"

typedef struct ReadArgs {
        const char *path;
        char **ret;
} ReadArgs;

static int read_recipe_cb(void *userdata) {
        ReadArgs *r = userdata;

        return read_file_nofollow(r->path, r->ret);
}

/* rebuild NAME: the create's arguments again, from NAME.conf (who, grants) and NAME.recipe
 * (the base's inputs), into DIR.rebuild. */
int rebuild_setup(Create *c) {
        CreatorArgs *a = &c->args;
        _cleanup_(app_done) App app = {};
        _cleanup_(recipe_inputs_done) RecipeInputs in = {};
        _cleanup_free_ char *script_dir = NULL, *error = NULL, *recipe = NULL, *text = NULL, *why = NULL;
        _cleanup_close_ int parent_fd = -1, rootfs_fd = -1;
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(machine_info_done) MachineInfo m = {};
        int r;

        if (!a->dry_run && geteuid() != 0)
                return log_error_errno(-EPERM, "must run as root (through sudo); --dry-run works without");
        r = script_dir_of(a, &script_dir);
        if (r < 0)
                return r;
        r = app_load(script_dir, a->name, &app, &error);
        if (r == -ENOENT)
                return log_error_errno(r, "There is no app container %s in %s.", a->name, script_dir);
        if (r < 0)
                return log_error_errno(r, "%s", error ?: "Failed to load the conf");
        if (recipe_path(app.conf_path, &recipe) < 0)
                return log_oom();
        /* the user's file, read with the user's rights, never through a symlink */
        r = as_invoker(read_recipe_cb, &(ReadArgs){recipe, &text});
        if (r < 0)
                return log_error_errno(r, "Failed to read %s: %m", recipe);
        r = recipe_parse(text, &in, &error);
        if (r == -EBADMSG)
                return log_error_errno(r, "%s: %s", recipe, error);
        if (r < 0)
                return log_oom();
        r = recipe_inputs_check(&in, &error);
        if (r < 0)
                return log_error_errno(r, "%s: %s", recipe, error);
        /* DIR is then swapped by name: its parent, MACHINES_DIR, is root's and has no symlink */
        r = rootfs_open_ours(app.config.directory, a->name, app.config.user, app.config.uid, &parent_fd,
                &rootfs_fd, &why);
        if (r < 0)
                return log_error_errno(r,
                        "%s: will not rebuild directory %s: it is no root file system made by "
                        "make-app-container for %s (%s)",
                        app.conf_path, app.config.directory, a->name, why ?: strerror(-r));
        if (!a->dry_run && sd_bus_open_system(&bus) >= 0 && machine_get(bus, a->name, &m, NULL) >= 0)
                return log_error_errno(
                        -EBUSY, "%s is running; stop it first ('%s ++stop').", a->name, a->name);

        a->distro = distro_find(in.distro);
        if (!a->distro)
                return log_error_errno(-EINVAL, "%s: unknown distro '%s'", recipe, in.distro);
        c->recorded_hashes = TAKE_PTR(in.deb_hashes);
        if (a->distro->family == DISTRO_UBUNTU)
                a->ubuntu_mirror = TAKE_PTR(in.mirror);
        else
                a->mirror = TAKE_PTR(in.mirror);
        a->arch = TAKE_PTR(in.arch);
        a->variant = TAKE_PTR(in.variant);
        a->packages = TAKE_PTR(in.packages);
        a->locales = TAKE_PTR(in.locales);
        a->debs = TAKE_PTR(in.debs);
        a->script_dir = TAKE_PTR(script_dir);
        if (!(a->user = strdup(app.config.user)) || !(a->run = strdup(app.config.run)) ||
                !(a->window_manager = strdup(app.config.window_manager ?: "")) ||
                (app.config.binds && !(a->binds = strv_copy(app.config.binds))) ||
                (app.config.dbus_talk && !(a->dbus_talk = strv_copy(app.config.dbus_talk))) ||
                (app.config.dbus_own && !(a->dbus_own = strv_copy(app.config.dbus_own))) ||
                (app.config.allow && !(a->allow = strv_copy(app.config.allow))) ||
                (!a->cache_dir && !(a->cache_dir = strdup(CACHE_DIR))) ||
                !(c->rebuild_target = strdup(app.config.directory)) ||
                asprintf(&a->directory, "%s.rebuild", app.config.directory) < 0)
                return log_oom();
        a->uid = app.config.uid;
        a->gid = app.config.gid;
#define COPY_GRANT(field) a->field = app.config.field;
        FOREACH_GRANT_FLAG(COPY_GRANT)
#undef COPY_GRANT
#define COPY_LIMIT(field)                                                                                   \
        if (!(a->field = strdup(strempty(app.config.field))))                                               \
                return log_oom();
        FOREACH_LIMIT(COPY_LIMIT)
#undef COPY_LIMIT
        a->host_look_set = true;
        a->network = app.config.network;
        a->privilege = app.config.privilege;
        return 0;
}

/* rebuild's last stage: under the launcher's mutex, with the container stopped, DIR.rebuild takes
 * DIR's place; the rootfs is never missing in between. */
int stage_swap(Create *c) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(machine_info_done) MachineInfo m = {};
        _cleanup_free_ char *old = NULL;
        _cleanup_close_ int mutex = -1;
        int r;

        stage(c, 4, "swap: the new root file system in place of DIR");
        if (asprintf(&old, "%s.old", c->rebuild_target) < 0)
                return log_oom();
        if (c->args.dry_run) {
                fprintf(c->actions.out, "mv %s %s\nmv %s %s\nrm -rf %s\n", c->rebuild_target, old,
                        c->args.directory, c->rebuild_target, old);
                return write_recipe_beside(c);
        }
        r = app_mutex_lock(c->args.name, c->args.uid, &mutex);
        if (r < 0)
                return r;
        if (sd_bus_open_system(&bus) >= 0 && machine_get(bus, c->args.name, &m, NULL) >= 0)
                return log_error_errno(
                        -EBUSY, "%s was started meanwhile; the rebuild is dropped.", c->args.name);
        if (access(old, F_OK) == 0)
                return log_error_errno(
                        -EEXIST, "%s is in the way (an earlier rebuild?); remove it first", old);
        if (rename(c->rebuild_target, old) < 0)
                return log_error_errno(negative_errno(), "Failed to move %s aside: %m", c->rebuild_target);
        if (rename(c->args.directory, c->rebuild_target) < 0) {
                r = log_error_errno(negative_errno(), "Failed to put %s in place: %m", c->args.directory);
                (void) rename(old, c->rebuild_target);
                return r;
        }
        c->dir_created = false; /* it is NAME's rootfs now */
        r = remove_tree(old);
        if (r < 0)
                log_warning_errno(r, "Failed to remove the old root file system %s: %m", old);
        return write_recipe_beside(c);
}
