/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

/* A bind spec is either a named bind (downloads, documents, gitconfig, steam, cache) or
 * SRC[:DST[:ro|rw]] with absolute paths. Named binds live in the user's home, at the same
 * path inside the container (the user has the same name there, so the same home). */

typedef struct BindMount {
        char *source;
        char *destination;
        bool read_only;
        bool optional; /* named binds whose source is missing are skipped rather than refused */
        /* the launcher chose DESTINATION (host-look.h, nvidia.h: below /run/app-container/host),
         * never a user's spec: it lies outside the BIND_DESTINATION_TEXT rule, which is for theirs */
        bool fixed_destination;
} BindMount;

void bind_mount_done(BindMount *b);
void bind_mount_free_many(BindMount *b, size_t n);

/* Checks the syntax only; returns -EINVAL with a static explanation in *ret_why. */
int bind_spec_check(const char *spec, const char **ret_why);

/* Where a bind may land inside the container: strictly below the user's HOME (the same path inside),
 * /mnt or /media, as a normalized absolute path that arg_is_safe() accepts. Everything else belongs
 * to the image (a bind over /usr/lib/systemd/systemd or /etc/group would hand the user root). */
#define BIND_DESTINATION_TEXT "below your home directory, /mnt or /media"
bool bind_destination_allowed(const char *destination, const char *home);

/* Resolves SPEC into one or more mounts. HOME is the user's home (same inside and out), NAME the app's. */
int bind_spec_resolve(const char *spec, const char *home, const char *name, BindMount **ret, size_t *ret_n);
