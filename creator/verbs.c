/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "config.h"

#include "apps.h"
#include "commands.h"
#include "create.h"
#include "log.h"
#include "process.h"
#include "rebuild.h"
#include "store.h"
#include "verbs.h"

/* --script-dir, or the invoking user's ~/.local/bin */
int script_dir_of(const CreatorArgs *a, char **ret) {
        int r;

        if (a->script_dir)
                *ret = strdup(a->script_dir);
        else if ((r = script_dir_default(ret)) < 0)
                return log_error_errno(r, "Failed to find your ~/.local/bin (pass --script-dir): %m");
        return *ret ? 0 : log_oom();
}
static int run_command(const CreatorArgs *a) {
        _cleanup_free_ char *script_dir = NULL;
        int r;

        r = script_dir_of(a, &script_dir);
        if (r < 0)
                return r;
        switch (a->command) {
        case COMMAND_LIST:
                return command_list(script_dir);
        case COMMAND_REMOVE:
                return command_remove(script_dir, a->name, a->purge, a->yes);
        case COMMAND_EDIT:
                return command_edit(script_dir, a->name);
        case COMMAND_SHOW_RECIPE:
                return command_show_recipe(script_dir, a->name);
        default:
                return -EINVAL;
        }
}

static int exit_status_for(int sig) {
        return sig > 0 ? 128 + sig : 1;
}

int creator_main(int argc, char *argv[]) {
        _cleanup_(create_done)
                Create c = {.core_lock_fd = -1, .lock_fd = -1, .log_fd = -1, .script_fd = AT_FDCWD};
        _cleanup_free_ char *error = NULL;
        int r;

        log_set_program_name("make-app-container");
        clock_gettime(CLOCK_MONOTONIC, &c.start);

        r = creator_args_parse(argc, argv, &c.args, &error);
        if (r == -EINVAL) {
                log_error("%s", strna(error));
                return 1;
        }
        if (r < 0) {
                log_error_errno(r, "Failed to parse the command line: %m");
                return 1;
        }
        if (c.args.command == COMMAND_HELP) {
                creator_help(stdout, "make-app-container", CACHE_DIR, APPCTL_PATH);
                return 0;
        }
        if (c.args.command == COMMAND_VERSION) {
                printf("make-app-container %s\n", PACKAGE_VERSION);
                return 0;
        }
        if (c.args.verbosity < 0)
                log_set_max_level(LOG_LEVEL_ERROR);
        if (c.args.command == COMMAND_STORE)
                return command_store(c.args.store_size, c.args.dry_run) < 0 ? 1 : 0;
        if (c.args.command == COMMAND_GC)
                return command_gc(c.args.cache_dir ?: CACHE_DIR, c.args.dry_run, c.args.max_age_days) < 0
                        ? 1
                        : 0;
        if (c.args.command == COMMAND_REBUILD) {
                if (rebuild_setup(&c) < 0)
                        return 1;
        } else if (c.args.command != COMMAND_CREATE)
                return run_command(&c.args) < 0 ? 1 : 0;

        c.actions = (Actions){.dry_run = c.args.dry_run, .out = stdout, .log_fd = -1};
        if (preflight(&c) < 0)
                return 1;

        r = process_catch_signals();
        if (r < 0)
                return log_error_errno(r, "Failed to set up signal handlers: %m"), 1;
        if (!c.args.dry_run && c.args.verbosity <= 0) {
                /* the output of debootstrap and apt is only interesting when they fail */
                c.log_fd = memfd_create("make-app-container-log", MFD_CLOEXEC);
                if (c.log_fd < 0)
                        return log_error_errno(negative_errno(), "Failed to create the log: %m"), 1;
                c.actions.log_fd = c.log_fd;
        }

        r = stage_base(&c);
        if (r >= 0 && !process_interrupted())
                r = stage_copy(&c);
        if (r >= 0 && !process_interrupted())
                r = stage_configure(&c);
        if (r >= 0 && !process_interrupted())
                r = c.rebuild_target ? stage_swap(&c) : stage_launcher(&c);
        fflush(stdout);

        if (process_interrupted()) {
                log_error("Interrupted (%s), cleaning up.", strsignal(process_interrupted()));
                cleanup_failed(&c);
                return exit_status_for(process_interrupted());
        }
        if (r < 0) {
                cleanup_failed(&c);
                return 1;
        }
        if (c.args.desktop && !c.args.dry_run)
                install_desktop_entry(&c);
        if (c.rebuild_target && c.args.verbosity >= 0 && !c.args.dry_run) {
                fprintf(stderr, "Rebuilt %s in %s from its recipe (%.0fs)\n", c.args.name, c.rebuild_target,
                        elapsed(&c));
                return 0;
        }
        if (c.args.verbosity >= 0 && !c.args.dry_run)
                fprintf(stderr, "Created %s in %s; run it with %s (%.0fs)\n", c.args.name, c.args.directory,
                        c.launcher, elapsed(&c));
        return 0;
}
