/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <unistd.h>

#include "config.h"

#include "actions.h"
#include "context.h"
#include "elevate.h"
#include "env-check.h"
#include "invocation.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "reexec.h"
#include "show.h"

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
        /* the warm path was tried before, by the front (front.h): the privileged path */
        helper = privilege_helper(config.privilege, config.gui || config.gui_private, isatty(STDIN_FILENO));
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
