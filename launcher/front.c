/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "config.h"

#include "app-config.h"
#include "elevate.h"
#include "front.h"
#include "invocation.h"
#include "launcher-argv.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "show.h"
#include "trusted-exec.h"
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

int front_exec_appctl(int argc, char *argv[]) {
        char exe[PATH_MAX];
        ssize_t n;
        int r;

        log_set_program_name(argc > 0 ? path_basename(argv[0]) : "appctl");
        /* the rest of appctl finds NAME.conf beside the file the user ran, which after the exec is
         * no longer /proc/self/exe; set here whatever the caller's environment said */
        n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
        if (n < 0)
                return log_error_errno(negative_errno(), "Failed to find the launcher's own file: %m"), 1;
        exe[n] = 0;
        if (setenv(APPCTL_FRONT_EXE_ENV, exe, 1) < 0)
                return log_oom(), 1;
        fflush(NULL); /* ++show's steps so far, before the exec drops what stdio holds */
        /* As root the code run next is root's: only a file nobody but root can change, reached
         * through directories nobody but root can change, as the sudoers rule trusts APPCTL_PATH
         * beside it. The user's own launch runs it with the user's rights. */
        r = trusted_exec(APPCTL_MAIN_PATH, geteuid() == 0, argv, environ);
        if (r == -EPERM)
                return log_error_errno(r, "%s must be installed root-owned and not writable by others.",
                               APPCTL_MAIN_PATH),
                       1;
        return log_error_errno(r, "Failed to execute %s: %m", APPCTL_MAIN_PATH), 1;
}
