/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>
#include <stdio.h>

#include "creator-argv.h"
#include "env-check.h"
#include "macro.h"
#include "parse-util.h"
#include "path-util.h"
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
                {"dbus", g->dbus == DBUS_FULL},
                {"ephemeral", g->ephemeral},
                {"userns", g->userns},
                {"nested", g->nested},
                {"dbus-filtered", g->dbus == DBUS_FILTERED},
                {"wayland", g->wayland},
                {"pipewire", g->pipewire},
                {"cups", g->cups},
                {"host-look", g->host_look},
                {"nvidia", g->nvidia},
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
        for (size_t i = 0; i < APP_CONFIG_N_LIMITS; i++)
                if (!isempty(app_config_limit(g, i)))
                        fprintf(f, "limit %s %s\n", app_config_limit_keys[i], app_config_limit(g, i));
        for (size_t i = 0; r->locales && r->locales[i]; i++)
                fprintf(f, "locale %s\n", r->locales[i]);
        for (size_t i = 0; g->allow && g->allow[i]; i++)
                fprintf(f, "allow %s\n", g->allow[i]);
        fputs(r->inputs_text, f);
        if (fclose(f) != 0) {
                free(buf);
                return -ENOMEM;
        }
        *ret = buf;
        return 0;
}

void recipe_inputs_done(RecipeInputs *r) {
        free(r->distro);
        free(r->mirror);
        free(r->arch);
        free(r->variant);
        strv_free(r->packages);
        strv_free(r->debs);
        strv_free(r->deb_hashes);
        strv_free(r->locales);
        *r = (RecipeInputs){};
}

static int set_once(char **field, const char *value) {
        if (*field)
                return -EBADMSG;
        *field = strdup(value);
        return *field ? 0 : -ENOMEM;
}

int recipe_parse(const char *text, RecipeInputs *ret, char **ret_error) {
        _cleanup_(recipe_inputs_done) RecipeInputs in = {};
        _cleanup_free_ char *copy = strdup(text);
        char *save = NULL;
        unsigned line_no = 0;
        int r = 0;

        *ret_error = NULL;
        if (!copy)
                return -ENOMEM;
        for (char *line = strtok_r(copy, "\n", &save); line && r >= 0; line = strtok_r(NULL, "\n", &save)) {
                char *value = strchr(line, ' ');

                line_no++;
                if (line[0] == '#')
                        continue;
                if (!value || !value[1])
                        return error_text(
                                       ret_error, "line %u: expected 'key value', got '%s'", line_no, line),
                               -EBADMSG;
                *value++ = 0;
                if (streq(line, "distro"))
                        r = set_once(&in.distro, value);
                else if (streq(line, "mirror"))
                        r = set_once(&in.mirror, value);
                else if (streq(line, "arch"))
                        r = set_once(&in.arch, value);
                else if (streq(line, "variant"))
                        r = set_once(&in.variant, value);
                else if (streq(line, "package"))
                        r = strv_extend(&in.packages, value);
                else if (streq(line, "locale"))
                        r = strv_extend(&in.locales, value);
                else if (streq(line, "deb-file")) {
                        char *path = strchr(value, ' ');
                        if (!path || path - value != 64 || path[1] != '/')
                                return error_text(
                                               ret_error, "line %u: deb-file wants SHA256 /PATH", line_no),
                                       -EBADMSG;
                        *path++ = 0;
                        r = strv_extend(&in.deb_hashes, value);
                        if (r >= 0)
                                r = strv_extend(&in.debs, path);
                }
                /* name, base-key, format, suite, deb, run, grant, ... are the create's own record */
                if (r == -EBADMSG)
                        return error_text(ret_error, "line %u: '%s' is given twice", line_no, line),
                               -EBADMSG;
        }
        if (r < 0)
                return r;
        if (!in.distro || !in.mirror || !in.arch || !in.variant)
                return error_text(ret_error, "distro, mirror, arch and variant are all needed"), -EBADMSG;
        *ret = in;
        in = (RecipeInputs){};
        return 0;
}

/* The recipe is the user's file, but root hands its values to debootstrap and apt: each must
 * be what create's own options accept, and nothing an option parser could take for an option. */
int recipe_inputs_check(const RecipeInputs *in, char **ret_error) {
        *ret_error = NULL;
        /* file:/// would make root read a local directory the user may not: only the network */
        if (!mirror_url_is_valid(in->mirror, false))
                return error_text(
                               ret_error, "mirror must be an http:// or https:// URL, got '%s'", in->mirror),
                       -EINVAL;
        if (!package_name_is_valid(in->arch))
                return error_text(ret_error, "'%s' is not a valid Debian architecture", in->arch), -EINVAL;
        if (!streq(in->variant, "minbase") && !streq(in->variant, "buildd"))
                return error_text(ret_error, "variant must be minbase or buildd, got '%s'", in->variant),
                       -EINVAL;
        for (size_t i = 0; in->locales && in->locales[i]; i++) {
                _cleanup_free_ char *input = NULL;

                if (locale_utf8_input(in->locales[i], &input) < 0)
                        return error_text(ret_error, "'%s' is not a UTF-8 locale", in->locales[i]), -EINVAL;
        }
        for (size_t i = 0; in->packages && in->packages[i]; i++)
                if (!package_name_is_valid(in->packages[i]))
                        return error_text(ret_error, "'%s' is not a valid package name", in->packages[i]),
                               -EINVAL;
        for (size_t i = 0; in->debs && in->debs[i]; i++) {
                const char *d = in->debs[i], *base = path_basename(d);
                size_t l = strlen(d);

                if (!path_is_absolute(d) || !path_is_normalized(d) || l < 5 || !streq(d + l - 4, ".deb") ||
                        !isalnum((unsigned char) base[0]) || base[strcspn(base, " \t\n\\'\"$`")] != 0)
                        return error_text(ret_error, "'%s' is not an absolute .deb file name", d), -EINVAL;
        }
        return 0;
}
