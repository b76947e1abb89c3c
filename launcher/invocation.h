/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What the launcher knows of itself before anything else: its name, its conf, its caller's
 * environment. Both halves use it (front.h, context.h). */

/* The caller's passed_env and look_env variables as KEY=VALUE, or NULL on OOM. */
char **caller_env(void);
const char *env_get(char *const *env, const char *key);
/* The launcher's own file, as the front (front.h) passes it to the rest of appctl, whose
 * /proc/self/exe is APPCTL_MAIN_PATH: the front always sets it, whatever its caller's environment
 * said. */
#define APPCTL_FRONT_EXE_ENV "APPCTL_FRONT_EXE"
/* Takes APPCTL_FRONT_EXE_ENV out of the environment (the app must not inherit it) and keeps it for
 * conf_path_for(). -ENOMEM, or 0 (also when it is not there or not absolute: /proc/self/exe then). */
int invocation_take_front_exe(void);
/* NAME.conf beside the launcher's own file (a hardlink keeps the name it was executed under). */
int conf_path_for(const char *name, char **ret);
/* Logs why NAME is no app name. */
int check_name(const char *name);
