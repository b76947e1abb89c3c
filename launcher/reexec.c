/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <unistd.h>

#include "config.h"

#include "actions.h"
#include "context.h"
#include "env-check.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "privilege.h"
#include "reexec.h"
#include "show.h"
#include "warm-launch.h"

char **caller_env(void) {
        char **env = NULL;

        for (size_t i = 0; passed_env[i]; i++) {
                const char *v = getenv(passed_env[i]);
                if (v && strv_extendf(&env, "%s=%s", passed_env[i], v) < 0) {
                        strv_free(env);
                        return NULL;
                }
        }
        /* a value outside its grammar stays behind: the privileged half would refuse the launch */
        for (size_t i = 0; look_env[i]; i++) {
                const char *v = getenv(look_env[i]);
                if (v && look_env_is_valid(look_env[i], v) &&
                        strv_extendf(&env, "%s=%s", look_env[i], v) < 0) {
                        strv_free(env);
                        return NULL;
                }
        }
        return env ?: calloc(1, sizeof(char *));
}

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

/* As the user: check what we can, then hand over to the root-owned APPCTL_PATH. */
int reexec(const LauncherArgs *args, const char *name) {
        _cleanup_free_ char *conf = NULL, *error = NULL;
        _cleanup_strv_free_ char **env = NULL, **tail = NULL;
        _cleanup_(app_config_done) AppConfig config;
        const char *helper;
        Step s;
        int r, status;

        app_config_init(&config);
        if (check_name(name) < 0)
                return 1;
        r = conf_path_for(name, &conf);
        if (r < 0)
                return log_error_errno(r, "Failed to find the launcher's directory: %m"), 1;
        r = app_config_load(conf, &config, &error);
        if (r < 0) {
                if (error)
                        log_error("%s", error);
                else
                        log_error_errno(r, "Failed to load %s: %m", conf);
                return 1;
        }
        if (config.uid != getuid())
                return log_error_errno(-EPERM, "%s is for uid %u (%s), but you are uid %u.", conf,
                               (unsigned) config.uid, config.user, (unsigned) getuid()),
                       1;
        env = caller_env();
        if (!env || launcher_args_to_internal_argv(args, name, conf, env, &tail) < 0)
                return log_oom(), 1;
        helper = privilege_helper(config.privilege, config.gui || config.gui_private, isatty(STDIN_FILENO));
        if ((args->action == ACTION_RUN || args->action == ACTION_CMD) && !args->dry_run &&
                args->network < 0) {
                r = try_warm_launch(args, name, conf, &config, env, helper, &status);
                if (r >= 0)
                        return status;
        }
        if (!step_begin(&s, "exec %s %s%s ...", helper, streq(helper, "/usr/bin/sudo") ? "-n -- " : "",
                    APPCTL_PATH)) {
                /* dry run: go on here, as the user, showing what the privileged half would do */
                Context c = {};
                show_argv("  ", tail);
                r = context_setup(&c, args, name, conf, TAKE_PTR(env));
                if (r >= 0)
                        r = actions_dispatch(&c, &status);
                context_done(&c);
                return r < 0 ? 1 : status;
        }
        show_argv("  ", tail);
        fflush(NULL);
        r = privilege_reexec(helper, tail);
        if (r == -EPERM)
                return log_error_errno(r, "%s must be installed root-owned and not writable by others.",
                               APPCTL_PATH),
                       1;
        return log_error_errno(r, "Failed to execute %s: %m", helper), 1;
}
