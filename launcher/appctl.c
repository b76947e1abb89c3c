/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <unistd.h>

#include "config.h"

#include "actions.h"
#include "appctl.h"
#include "context.h"
#include "launcher-argv.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "process.h"
#include "reexec.h"
#include "show.h"

int appctl_main(int argc, char *argv[]) {
        _cleanup_(launcher_args_done) LauncherArgs args;
        _cleanup_(context_done) Context c = {};
        _cleanup_free_ char *conf = NULL;
        const char *program = argc > 0 ? path_basename(argv[0]) : "appctl", *why = NULL, *name;
        char **env;
        int r, status;

        launcher_args_init(&args);
        process_title_init(argc, argv);
        log_set_program_name(program);
        r = launcher_args_parse(argc, argv, &args, &why);
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
        /* the one place an error becomes an exit status */
        r = actions_dispatch(&c, &status);
        return r < 0 ? 1 : status;
}
