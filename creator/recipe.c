/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>

#include "macro.h"
#include "recipe.h"

int recipe_path(const char *conf_path, char **ret) {
        size_t l = strlen(conf_path);

        if (l < 5 || !streq(conf_path + l - 5, ".conf"))
                return -EINVAL;
        return asprintf(ret, "%.*s.recipe", (int) (l - 5), conf_path) < 0 ? -ENOMEM : 0;
}

int recipe_format(const Recipe *r, char **ret) {
        const AppConfig *g = r->grants;
        const struct {
                const char *key;
                bool on;
        } flags[] = {
                {"gui", g->gui},
                {"gui-private", g->gui_private},
                {"gpu", g->gpu},
                {"sound", g->sound},
                {"webcam", g->webcam},
                {"dbus", g->dbus},
                {"ephemeral", g->ephemeral},
        };
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);

        if (!f)
                return -ENOMEM;
        fprintf(f,
                "# app-container recipe of %s: every input of its create.\n"
                "# 'make-app-container show-recipe %s' prints it, 'make-app-container rebuild %s' makes "
                "the\n"
                "# root file system again from it; the rootfs keeps the copy it was built from in /%s.\n",
                r->name, r->name, r->name, RECIPE_IN_ROOTFS);
        fprintf(f, "name %s\ndistro %s\nbase-key %s\n", r->name, r->distro, r->key);
        for (size_t i = 0; r->debs && r->debs[i]; i++)
                fprintf(f, "deb-file %s %s\n", r->deb_hashes[i], r->debs[i]);
        fprintf(f, "run %s\nnetwork %s\nprivilege %s\n", g->run, network_mode_to_string(g->network),
                privilege_to_string(g->privilege));
        for (size_t i = 0; i < ELEMENTSOF(flags); i++)
                if (flags[i].on)
                        fprintf(f, "grant %s\n", flags[i].key);
        if (g->gui_private && g->window_manager && *g->window_manager)
                fprintf(f, "window-manager %s\n", g->window_manager);
        for (size_t i = 0; g->binds && g->binds[i]; i++)
                fprintf(f, "bind %s\n", g->binds[i]);
        fputs(r->inputs_text, f);
        if (fclose(f) != 0) {
                free(buf);
                return -ENOMEM;
        }
        *ret = buf;
        return 0;
}
