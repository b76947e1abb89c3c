/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <time.h>

#include "app-config.h"
#include "creator-argv.h"
#include "dry-run-actions.h"
#include "sha256.h"
#include "user.h"

/* create's stages (base, copy, configure, launcher), which rebuild (rebuild.h) runs too, and the
 * state they share: what was checked, what was made, what a failure has to undo. */
typedef struct Create {
        CreatorArgs args;
        Actions actions;
        Invoker invoker;
        UserSpec user;
        char *mirror;
        char *arch;
        char *script_dir;
        char *appctl;
        char *launcher; /* SCRIPTDIR/NAME */
        char *conf_path; /* SCRIPTDIR/NAME.conf */
        char *recipe_path; /* SCRIPTDIR/NAME.recipe */
        bool launcher_existed;
        char **deb_hashes;
        char *core_text; /* the core's inputs (cache.h) */
        char core_key[SHA256_HEX_SIZE];
        char *core_stamp; /* when the core in the cache was made */
        char *inputs_text; /* the whole base's: the core's, its stamp, packages, .deb files */
        char key[SHA256_HEX_SIZE];
        char *base; /* the rootfs that is copied to DIR (the layer, or the core when there is no
                     * package to add); DIR itself with --no-cache */
        int core_lock_fd; /* LOCK_SH on the core, and on the layer, while this create uses them */
        int lock_fd;
        Progress progress;
        int log_fd;
        int *deb_fds; /* the .deb files, opened as the invoker */
        size_t n_debs;
        int script_fd; /* the script dir, opened safely (script-dir.h); AT_FDCWD in a dry run */
        struct timespec start;

        /* what a failure has to undo */
        char *building; /* KEY.tmp while debootstrap and apt fill it */
        bool dir_created; /* DIR is ours (it did not exist, or was empty) */
        bool dir_was_there; /* ... and was an empty directory before */
        bool launcher_made;
        bool conf_made;
        bool recipe_made;

        char *rebuild_target; /* rebuild: the DIR that DIR.rebuild replaces at the end */
        char **recorded_hashes; /* rebuild: the .deb hashes its recipe records */
} Create;

void create_done(Create *c);

/* Seconds since c->start; "[N/4] WHAT… (Ts)" on stderr unless --quiet. */
double elapsed(const Create *c);
void stage(const Create *c, int n, const char *what);

/* Checks everything it can before anything is changed. */
int preflight(Create *c);

int stage_base(Create *c);
int stage_copy(Create *c);
int stage_configure(Create *c);
int stage_launcher(Create *c);

/* NAME.recipe beside the launcher, as the user. */
int write_recipe_beside(Create *c);

/* The last lines of the commands' output (and of EXTRA_LOG) on stderr. */
void show_log(Create *c, const char *extra_log);
/* Logs why a command failed (its exit status, or R); R back. */
int command_failed(Create *c, int r, const char *what);

/* Undoes what a failed or interrupted create made (or keeps it: --keep-failed). */
void cleanup_failed(Create *c);

/* --desktop, once the app is made: a failure is a warning. */
void install_desktop_entry(Create *c);
