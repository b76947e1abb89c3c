/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What the launcher knows of itself before anything else: its name, its conf, its caller's
 * environment. Both halves use it (front.h, context.h). */

/* The caller's passed_env and look_env variables as KEY=VALUE, or NULL on OOM. */
char **caller_env(void);
const char *env_get(char *const *env, const char *key);
/* NAME.conf beside the launcher's own file (a hardlink keeps the name it was executed under). */
int conf_path_for(const char *name, char **ret);
/* Logs why NAME is no app name. */
int check_name(const char *name);
