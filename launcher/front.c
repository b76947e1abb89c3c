/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dlfcn.h>
#include <unistd.h>

#include "config.h"

#include "app-config.h"
#include "elevate.h"
#include "front.h"
#include "invocation.h"
#include "launcher-argv.h"
#include "log.h"
#include "macro.h"
#include "module-load.h"
#include "path-util.h"
#include "show.h"
#include "warm-launch.h"

/* The warm path (agent.h), tried before the privilege step. Negative: take the privileged path. */
static int try_warm_launch(const LauncherArgs *args, const char *name, const char *conf,
        const AppConfig *config, char *const *caller_env, const char *helper, int *ret_status) {
        _cleanup_strv_free_ char **argv = NULL, **env = NULL, **release_tail = NULL;
        LauncherArgs release = {.action = ACTION_RELEASE, .show = args->show, .network = _NETWORK_INVALID};
        int r;

        if (launcher_args_app_argv(args, config->run, &argv) < 0)
                return -EINVAL; /* the privileged path says what is wrong */
        if (per_launch_env(caller_env, env_get, &env) < 0)
                return -ENOMEM;
        r = launcher_args_to_internal_argv(&release, name, conf, caller_env, &release_tail);
        if (r < 0)
                return r;
        return warm_launch(name, argv, env, helper, release_tail, ret_status);
}

int front_warm_launch(int argc, char *argv[], int *ret_status) {
        _cleanup_(launcher_args_done) LauncherArgs args;
        _cleanup_(app_config_done) AppConfig config;
        _cleanup_free_ char *conf = NULL, *error = NULL;
        _cleanup_strv_free_ char **env = NULL;
        const char *program = argc > 0 ? path_basename(argv[0]) : "appctl", *why = NULL, *helper;

        launcher_args_init(&args);
        app_config_init(&config);
        /* Root's launches and every error are appctl_main()'s, which checks and says it all again:
         * here only what reexec() would accept, as the user, before the privilege step. */
        if (geteuid() == 0 || streq(program, "appctl") || !machine_name_is_valid(program))
                return -EAGAIN;
        log_set_program_name(program);
        if (launcher_args_parse(argc, argv, &args, &why) < 0)
                return -EAGAIN;
        if ((args.action != ACTION_RUN && args.action != ACTION_CMD) || args.dry_run || args.network >= 0 ||
                args.name || args.conf)
                return -EAGAIN;
        if (conf_path_for(program, &conf) < 0 || app_config_load(conf, &config, &error) < 0 ||
                config.uid != getuid())
                return -EAGAIN;
        env = caller_env();
        if (!env)
                return -ENOMEM;
        show_set_mode(args.show ? SHOW_ON : SHOW_OFF);
        helper = privilege_helper(config.privilege, config.gui || config.gui_private, isatty(STDIN_FILENO));
        return try_warm_launch(&args, program, conf, &config, env, helper, ret_status);
}

int front_run_appctl(int argc, char *argv[]) {
        int (*appctl_main)(int, char *[]);
        void *module;
        int r;

        log_set_program_name(argc > 0 ? path_basename(argv[0]) : "appctl");
        /* As root the module's code is root's: only a file nobody but root can change, reached
         * through directories nobody but root can change, as the sudoers rule trusts APPCTL_PATH
         * beside it. The user's own launch loads it with the user's rights. */
        r = module_load(APPCTL_MODULE_PATH, geteuid() == 0, &module);
        if (r == -EPERM)
                return log_error_errno(r, "%s must be installed root-owned and not writable by others.",
                               APPCTL_MODULE_PATH),
                       1;
        if (r == -ENOEXEC)
                return log_error_errno(r, "Failed to load %s: %s", APPCTL_MODULE_PATH, dlerror()), 1;
        if (r < 0)
                return log_error_errno(r, "Failed to load %s: %m", APPCTL_MODULE_PATH), 1;
        appctl_main = (int (*)(int, char *[])) dlsym(module, "appctl_main");
        if (!appctl_main)
                return log_error_errno(-ENOEXEC, "Failed to find appctl_main in %s: %s", APPCTL_MODULE_PATH,
                               dlerror()),
                       1;
        return appctl_main(argc, argv);
}
