/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "app-config.h"

/* What one invocation does. Options start with "++" so that the app's own "-x"/"--x" options
 * pass through untouched; they are recognised only first on the command line. */
typedef enum Action {
        ACTION_RUN, /* default: start the container if needed, run `run` + the arguments */
        ACTION_CMD, /* ++cmd: run the given command instead of `run` */
        ACTION_START,
        ACTION_STOP,
        ACTION_APTUPDATE,
        ACTION_APTUPDATEALL,
        ACTION_STATUS,
        ACTION_HELP,
        ACTION_VERSION,
        ACTION_ROLLBACK,
        ACTION_DESKTOP,
        ACTION_RELEASE, /* internal: the warm path's last instance asks the privileged half to stop */
        _ACTION_MAX,
} Action;

typedef struct LauncherArgs {
        Action action;
        bool show;
        bool dry_run;
        NetworkMode network; /* _NETWORK_INVALID: as configured */
        char **command; /* ++cmd CMD... */
        char **app_args; /* appended to `run` */

        /* Internal: set by the unprivileged half when it re-executes the root-owned APPCTL_PATH. */
        char *name;
        char *conf;
        char **env; /* KEY=VALUE from the caller's environment */
} LauncherArgs;

void launcher_args_init(LauncherArgs *a);
void launcher_args_done(LauncherArgs *a);

/* Parses argv[1..]. On a usage error returns -EINVAL with a static explanation in *ret_why. */
int launcher_args_parse(int argc, char *const *argv, LauncherArgs *ret, const char **ret_why);

/* The environment variables passed from the caller to the privileged half, NULL-terminated; and
 * look_env (env-check.h), each only with a value of its grammar. */
extern const char *const passed_env[];

/* What each launch hands its app from CALLER_ENV (GET looks a key up): TERM and the valid look_env
 * variables (the locale, the HiDPI scale factors), as KEY=VALUE. */
int per_launch_env(char *const *caller_env, const char *(*get)(char *const *, const char *), char ***ret);

/* Builds the argv tail that re-creates ARGS for the privileged half (internal options + the
 * user's options + the app's arguments). */
int launcher_args_to_internal_argv(
        const LauncherArgs *a, const char *name, const char *conf, char *const *env, char ***ret);

const char *action_to_string(Action a);

/* The app's argv: ++cmd's command, or RUN split like a shell (no expansion) and the app's arguments.
 * -EINVAL: RUN has an unbalanced quote; -ENOENT: nothing to run. */
int launcher_args_app_argv(const LauncherArgs *a, const char *run, char ***ret);

void appctl_help(FILE *f, const char *program);
