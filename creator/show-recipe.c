/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>

#include "apps.h"
#include "commands.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "recipe.h"

typedef struct OpenArgs {
        const char *path;
        FILE **ret;
} OpenArgs;

static int open_cb(void *userdata) {
        OpenArgs *o = userdata;

        *o->ret = fopen(o->path, "re");
        return *o->ret ? 0 : negative_errno();
}

int command_show_recipe(const char *script_dir, const char *name) {
        _cleanup_free_ char *conf = NULL, *path = NULL;
        _cleanup_fclose_ FILE *f = NULL;
        int c, r;

        if (!machine_name_is_valid(name))
                return log_error_errno(-EINVAL, "'%s' is not a valid app name", name);
        if (asprintf(&conf, "%s/%s.conf", script_dir, name) < 0 || recipe_path(conf, &path) < 0)
                return log_oom();
        /* through sudo: the user's file, opened with the user's rights (a symlink to /etc/shadow
         * shows nothing) */
        r = as_invoker(open_cb, &(OpenArgs){path, &f});
        if (r == -ENOENT && access(conf, F_OK) == 0)
                return log_error_errno(-ENOENT,
                        "%s has no recipe (%s): it was made before recipes were recorded.", name, path);
        if (r == -ENOENT)
                return log_error_errno(-ENOENT, "There is no app container %s in %s.", name, script_dir);
        if (r < 0)
                return log_error_errno(r, "Failed to open %s: %m", path);
        while ((c = fgetc(f)) != EOF)
                putchar(c);
        return 0;
}
