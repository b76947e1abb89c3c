/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "env-check.h"
#include "invocation.h"
#include "launcher-argv.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"

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

const char *env_get(char *const *env, const char *key) {
        size_t l = strlen(key);

        for (size_t i = 0; env && env[i]; i++)
                if (strneq(env[i], key, l) && env[i][l] == '=')
                        return env[i] + l + 1;
        return NULL;
}

static char *front_exe = NULL;

int invocation_take_front_exe(void) {
        const char *e = getenv(APPCTL_FRONT_EXE_ENV);

        if (e && path_is_absolute(e)) {
                free(front_exe);
                front_exe = strdup(e);
                if (!front_exe)
                        return -ENOMEM;
        }
        return unsetenv(APPCTL_FRONT_EXE_ENV) < 0 ? negative_errno() : 0;
}

int conf_path_for(const char *name, char **ret) {
        _cleanup_free_ char *dir = NULL;
        char buf[PATH_MAX];
        ssize_t n;

        /* a hardlink keeps the name it was executed under; a symlink is resolved to its target */
        if (front_exe)
                dir = path_dirname(front_exe);
        else {
                n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
                if (n < 0)
                        return negative_errno();
                buf[n] = 0;
                dir = path_dirname(buf);
        }
        if (!dir)
                return -ENOMEM;
        if (asprintf(ret, "%s/%s.conf", dir, name) < 0)
                return -ENOMEM;
        return 0;
}

int check_name(const char *name) {
        if (!machine_name_is_valid(name))
                return log_error_errno(-EINVAL,
                        "'%s' is not a valid app name: the launcher's file name must be a valid host name "
                        "of at most 64 characters (letters, digits, '-', '_', '.').",
                        name);
        return 0;
}
