/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "app-config.h"
#include "distro.h"

typedef enum Command {
        COMMAND_CREATE,
        COMMAND_HELP,
        COMMAND_VERSION,
        COMMAND_LIST,
        COMMAND_REMOVE,
        COMMAND_EDIT,
        COMMAND_SHOW_RECIPE,
        COMMAND_REBUILD,
        COMMAND_GC,
        COMMAND_STORE,
} Command;

/* The on/off grants, named alike in CreatorArgs and AppConfig: create copies them into NAME.conf and
 * rebuild back out of it, from this one list (a grant missing here would be lost by a rebuild). */
#define FOREACH_GRANT_FLAG(X)                                                                               \
        X(gui)                                                                                              \
        X(gui_private)                                                                                      \
        X(gpu)                                                                                              \
        X(sound)                                                                                            \
        X(webcam)                                                                                           \
        X(dbus)                                                                                             \
        X(ephemeral)                                                                                        \
        X(userns)                                                                                           \
        X(nested)                                                                                           \
        X(wayland)                                                                                          \
        X(pipewire)                                                                                         \
        X(cups)                                                                                             \
        X(host_look)                                                                                        \
        X(nvidia)

/* The resource limits (common/resource-limits.h), strings alike in CreatorArgs and AppConfig ("" or NULL:
 * none), copied the same way. */
#define FOREACH_LIMIT(X)                                                                                    \
        X(memory_max)                                                                                       \
        X(cpu_weight)                                                                                       \
        X(cpu_quota)                                                                                        \
        X(tasks_max)                                                                                        \
        X(io_weight)

typedef struct CreatorArgs {
        Command command;
        const Distro *distro;
        char *directory; /* absolute and normalized */
        char **debs; /* absolute */
        char *name; /* create: --name; the other verbs: their NAME */
        char *script_dir; /* NULL: the invoking user's ~/.local/bin */
        char *user; /* NULL: the invoking user */
        uid_t uid; /* (uid_t) -1: from the user */
        gid_t gid;
        char *mirror; /* NULL: the host's */
        char *ubuntu_mirror;
        char *variant;
        char *arch; /* NULL: the host's */
        char **packages;
        /* the grants of FOREACH_GRANT_FLAG, as create writes them to NAME.conf */
        bool gui, gui_private, gpu, sound, webcam, ephemeral, userns, nested, wayland, pipewire, cups,
                host_look, nvidia;
        DbusMode dbus; /* --dbus alone is full, as before --dbus filtered */
        bool host_look_set; /* --host-look or --no-host-look given; else host_look = gui */
        char *memory_max, *cpu_weight, *cpu_quota, *tasks_max, *io_weight;
        char **locales; /* --locale: generated in the rootfs (localedef), "locales" installed */
        char *window_manager;
        char **binds;
        char **allow; /* --allow: NAME.conf's allow list */
        NetworkMode network;
        char *run;
        Privilege privilege;
        char *cache_dir;
        bool no_cache;
        char *appctl; /* NULL: APPCTL_PATH, else the build tree's */
        bool keep_failed;
        bool dry_run;
        bool purge, yes; /* remove */
        bool desktop;
        int max_age_days; /* gc --max-age; -1: none */
        char *store_size; /* store --size; NULL: half the free space */
        int verbosity; /* -1 quiet, 0 progress, 1 verbose */
        char **dbus_talk; /* --dbus-talk: added to dbus_talk_default[] */
        char **dbus_own;
} CreatorArgs;

void creator_args_init(CreatorArgs *a);
void creator_args_done(CreatorArgs *a);

/* Parses and checks the syntax of everything that does not need to look at the system. On a usage
 * error returns -EINVAL and a one-line explanation in *ret_error (malloc'd). */
int creator_args_parse(int argc, char *const *argv, CreatorArgs *ret, char **ret_error);

/* Debian policy: lower case letters, digits, '+', '-', '.'; at least two characters, starting alnum.
 * Also what keeps a package (or architecture) name from being read as a debootstrap or apt option. */
bool package_name_is_valid(const char *s);

/* An http:// or https:// (ALLOW_FILE: or file:///) URL of only URL characters. */
bool mirror_url_is_valid(const char *s, bool allow_file);

/* The mirror debootstrap gets for this distro: --ubuntu-mirror for Ubuntu, else --mirror or HOST_MIRROR. */
const char *creator_args_mirror(const CreatorArgs *a, const char *host_mirror);

void creator_help(FILE *f, const char *program, const char *cache_dir, const char *appctl);
