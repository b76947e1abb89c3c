/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arg-check.h"
#include "bind.h"
#include "macro.h"
#include "path-util.h"

typedef struct NamedBind {
        const char *name;
        const char *paths[3]; /* relative to home; "%n" becomes the app name */
        const char *dest[3]; /* NULL: same as source */
        bool read_only;
} NamedBind;

static const NamedBind named_binds[] = {
        {"downloads", {"Downloads"}, {}, false},
        {"documents", {"Documents"}, {}, false},
        {"gitconfig", {".gitconfig"}, {}, true},
        {"steam", {".steam", ".local/share/Steam"}, {}, false},
        /* The app's cache lives outside the rootfs, so it survives rebuilds and ephemeral runs. */
        {"cache", {".cache/app-container/%n"}, {".cache"}, false},
};

void bind_mount_done(BindMount *b) {
        free(b->source);
        free(b->destination);
        *b = (BindMount){};
}

void bind_mount_free_many(BindMount *b, size_t n) {
        for (size_t i = 0; i < n; i++)
                bind_mount_done(b + i);
        free(b);
}

static const NamedBind *named_bind_find(const char *spec) {
        for (size_t i = 0; i < ELEMENTSOF(named_binds); i++)
                if (streq(named_binds[i].name, spec))
                        return named_binds + i;
        return NULL;
}

/* Splits SRC[:DST[:OPT]] in place-free fashion; all outputs malloc'd. */
static int split_spec(const char *spec, char **ret_src, char **ret_dst, bool *ret_ro, const char **ret_why) {
        _cleanup_free_ char *copy = strdup(spec);
        char *parts[3] = {};
        size_t n = 0;
        char *p, *save = NULL;

        if (!copy)
                return -ENOMEM;
        if (strstr(spec, "::") || spec[strlen(spec) - 1] == ':') {
                *ret_why = "empty field in bind spec";
                return -EINVAL;
        }
        for (p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
                if (n >= 3) {
                        *ret_why = "too many ':' in bind spec (SRC[:DST[:ro|rw]])";
                        return -EINVAL;
                }
                parts[n++] = p;
        }
        if (n == 0 || !path_is_absolute(parts[0])) {
                *ret_why = "bind source must be an absolute path or one of downloads, documents, gitconfig, "
                           "steam, cache";
                return -EINVAL;
        }
        if (n >= 2 && !path_is_absolute(parts[1])) {
                *ret_why = "bind destination must be an absolute path";
                return -EINVAL;
        }
        if (n == 3 && !streq(parts[2], "ro") && !streq(parts[2], "rw")) {
                *ret_why = "bind option must be 'ro' or 'rw'";
                return -EINVAL;
        }
        if (!path_is_normalized(parts[0]) || (n >= 2 && !path_is_normalized(parts[1]))) {
                *ret_why = "bind paths must not contain '.' or '..' components";
                return -EINVAL;
        }
        if (!arg_is_safe(parts[0]) || (n >= 2 && !arg_is_safe(parts[1]))) {
                *ret_why = "bind paths must not contain " ARG_UNSAFE_TEXT
                           " (systemd and nspawn would read them as another path)";
                return -EINVAL;
        }
        if (n >= 2 && streq(parts[1], "/")) {
                *ret_why = "cannot bind over the container's root directory";
                return -EINVAL;
        }

        if (ret_src) {
                _cleanup_free_ char *s = strdup(parts[0]), *d = strdup(n >= 2 ? parts[1] : parts[0]);
                if (!s || !d)
                        return -ENOMEM;
                *ret_src = TAKE_PTR(s);
                *ret_dst = TAKE_PTR(d);
                *ret_ro = n == 3 && streq(parts[2], "ro");
        }
        return 0;
}

int bind_spec_check(const char *spec, const char **ret_why) {
        const char *why = NULL;
        int r;

        if (isempty(spec)) {
                why = "empty bind spec";
                r = -EINVAL;
        } else if (named_bind_find(spec))
                return 0;
        else
                r = split_spec(spec, NULL, NULL, NULL, &why);
        if (ret_why)
                *ret_why = why;
        return r;
}

static char *expand_home(const char *home, const char *rel, const char *name) {
        const char *n = strstr(rel, "%n");
        char *s;

        if (n) {
                if (asprintf(&s, "%s/%.*s%s%s", home, (int) (n - rel), rel, name, n + 2) < 0)
                        return NULL;
        } else if (asprintf(&s, "%s/%s", home, rel) < 0)
                return NULL;
        return s;
}

bool bind_destination_allowed(const char *destination, const char *home) {
        const char *const roots[] = {home, "/mnt", "/media"};

        if (!path_is_absolute(destination) || !path_is_normalized(destination) || !arg_is_safe(destination))
                return false;
        /* strictly below: over the home or /mnt itself would hide what the image put there */
        for (size_t i = 0; i < ELEMENTSOF(roots); i++)
                if (roots[i] && !streq(roots[i], "/") && path_is_below(destination, roots[i]))
                        return true;
        return false;
}

int bind_spec_resolve(const char *spec, const char *home, const char *name, BindMount **ret, size_t *ret_n) {
        const NamedBind *nb = named_bind_find(spec);
        BindMount *m;
        size_t n = 0;

        if (!nb) {
                const char *why;
                BindMount b = {};
                int r = split_spec(spec, &b.source, &b.destination, &b.read_only, &why);
                if (r < 0)
                        return r;
                m = malloc(sizeof(BindMount));
                if (!m) {
                        bind_mount_done(&b);
                        return -ENOMEM;
                }
                m[0] = b;
                *ret = m;
                *ret_n = 1;
                return 0;
        }

        if (!path_is_absolute(home))
                return -EINVAL;
        m = calloc(ELEMENTSOF(nb->paths), sizeof(BindMount));
        if (!m)
                return -ENOMEM;
        for (; n < ELEMENTSOF(nb->paths) && nb->paths[n]; n++) {
                m[n].source = expand_home(home, nb->paths[n], name);
                m[n].destination = expand_home(home, nb->dest[n] ?: nb->paths[n], name);
                m[n].read_only = nb->read_only;
                m[n].optional = true;
                if (!m[n].source || !m[n].destination) {
                        bind_mount_free_many(m, n + 1);
                        return -ENOMEM;
                }
        }
        *ret = m;
        *ret_n = n;
        return 0;
}
