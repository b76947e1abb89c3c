/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "caller.h"

/* What ++status says about the recipe (creator/recipe.h): whether NAME.recipe beside CONF_PATH (read
 * as the caller) is the one DIRECTORY was built from (its root-owned copy inside), and each .deb
 * of it that changed or went away since. One message per line, without the "recipe:" label. */
int recipe_status(const Caller *caller, const char *conf_path, const char *directory, char ***ret);

/* The same comparison on texts, for the tests: BESIDE may be NULL (missing), INSIDE too. */
int recipe_compare(const char *name, const char *beside, const char *inside, char ***ret);
