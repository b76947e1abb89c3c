/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <stdio.h>

#include "io-util.h"
#include "macro.h"
#include "path-util.h"
#include "recipe-status.h"
#include "sha256.h"
#include "validate.h"

#define RECIPE_IN_ROOTFS "/var/lib/app-container/recipe" /* creator/recipe.h */

int recipe_compare(const char *name, const char *beside, const char *inside, char ***ret) {
        _cleanup_strv_free_ char **l = calloc(1, sizeof(char *));
        int r = 0;

        if (!l)
                return -ENOMEM;
        if (!inside)
                r = strv_extend(&l, "none recorded in the rootfs (made before recipes)");
        else if (!beside)
                r = strv_extendf(&l, "%s.recipe is missing; the rootfs has its own copy", name);
        else if (!streq(beside, inside))
                r = strv_extendf(&l,
                        "%s.recipe differs from the one the rootfs was built from; 'make-app-container "
                        "show-recipe %s' shows yours",
                        name, name);
        else
                r = strv_extend(&l, "matches the rootfs");
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}

/* The sha256 of PATH as the caller sees it: opened with their file-system ids, never through a
 * symlink, and only a regular file (a FIFO must not hang ++status). */
static int hash_as_caller(const Caller *caller, const char *path, char ret[SHA256_HEX_SIZE]) {
        _cleanup_close_ int fd = open_as_caller(caller, path, O_NOFOLLOW);

        if (fd < 0)
                return fd;
        return sha256_fd(fd, ret);
}

/* "deb-file SHA256 PATH" lines of the rootfs's recipe: a .deb that changed since the build */
static int check_debs(const Caller *caller, const char *inside, char ***l) {
        _cleanup_free_ char *copy = strdup(inside);
        char *save = NULL;
        int r = 0;

        if (!copy)
                return -ENOMEM;
        for (char *line = strtok_r(copy, "\n", &save); line && r >= 0; line = strtok_r(NULL, "\n", &save)) {
                char hash[SHA256_HEX_SIZE], *sha, *path;

                if (!strneq(line, "deb-file ", 9))
                        continue;
                sha = line + 9;
                path = strchr(sha, ' ');
                if (!path)
                        continue;
                *path++ = 0;
                if (hash_as_caller(caller, path, hash) < 0)
                        r = strv_extendf(
                                l, "%s is gone or no readable file since the rootfs was built", path);
                else if (!streq(hash, sha))
                        r = strv_extendf(l, "%s changed since the rootfs was built", path);
        }
        return r;
}

int recipe_status(const Caller *caller, const char *conf_path, const char *directory, char ***ret) {
        _cleanup_free_ char *beside_path = NULL, *beside = NULL, *inside = NULL, *name = NULL;
        _cleanup_strv_free_ char **l = NULL;
        size_t size, n = strlen(conf_path);
        int r;

        if (n < 5 || !streq(conf_path + n - 5, ".conf"))
                return -EINVAL;
        if (asprintf(&beside_path, "%.*s.recipe", (int) (n - 5), conf_path) < 0 ||
                !(name = strndup(path_basename(conf_path), strlen(path_basename(conf_path)) - 5)))
                return -ENOMEM;
        /* the user's file as the user; root's copy resolved inside the rootfs */
        if (read_file_as_caller(caller, beside_path, &beside, &size) < 0)
                beside = NULL;
        if (read_file_in_root(directory, RECIPE_IN_ROOTFS, &inside) < 0)
                inside = NULL;
        r = recipe_compare(name, beside, inside, &l);
        if (r >= 0 && inside)
                r = check_debs(caller, inside, &l);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}
