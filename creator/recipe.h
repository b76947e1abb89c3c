/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "app-config.h"

/* The recipe of an app container: every input of its create, in "key value" lines. The creator
 * writes it twice: NAME.recipe beside NAME.conf (the user's, for show-recipe) and
 * RECIPE_IN_ROOTFS inside the rootfs (root's: what the rootfs was really built from). */
#define RECIPE_IN_ROOTFS "var/lib/app-container/recipe"

typedef struct Recipe {
        const char *name;
        const char *distro; /* as given: bookworm, stable, jammy, ... */
        const char *key; /* the base cache key */
        const char *inputs_text; /* base_inputs_format()'s canonical text */
        char *const *debs; /* absolute paths, in the order given */
        char *const *deb_hashes; /* sha256 of each */
        const AppConfig *grants; /* run, gui, ..., binds, network, ephemeral, privilege */
        char *const *locales; /* --locale */
} Recipe;

/* What a rebuild takes from a recipe: the inputs of the base. */
typedef struct RecipeInputs {
        char *distro;
        char *mirror;
        char *arch;
        char *variant;
        char **packages;
        char **debs; /* paths */
        char **deb_hashes; /* as recorded */
        char **locales; /* --locale */
} RecipeInputs;

void recipe_inputs_done(RecipeInputs *r);

/* Parses the "key value" lines recipe_format() writes. -EBADMSG with a one-line reason in *ret_error
 * (malloc'd) when a line is malformed or distro, mirror, arch or variant is missing. */
int recipe_parse(const char *text, RecipeInputs *ret, char **ret_error);

/* Each input is what create's options accept (creator-argv.h): an http(s) mirror, Debian package and
 * architecture names, a known variant, absolute .deb paths. -EINVAL with the reason in *ret_error. */
int recipe_inputs_check(const RecipeInputs *in, char **ret_error);

/* NAME.conf → NAME.recipe */
int recipe_path(const char *conf_path, char **ret);

int recipe_format(const Recipe *r, char **ret);
