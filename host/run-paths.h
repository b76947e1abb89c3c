/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <sys/types.h>

/* Machine names are global, app names are not: two users may both have an app "web". What root
 * keeps for a user's apps lives under RUN_DIR/UID (root-owned 0755), one directory per kind, so
 * that no app name reaches another app's objects (an app "a.lock" is no lock of app "a"):
 *   RUN_DIR/UID/lock/NAME.lock, NAME.ref   the refcount locks (refcount.h), the user's, 0600
 *   RUN_DIR/UID/state/NAME/                 inside environment, cookie, agent socket
 * Units: app-container-NAME.service (the container) and app-container-xephyr@UID-NAME.service
 * (gui-private's X server): '@' is no character of a machine name. */
typedef struct RunPaths {
        char *user_dir;
        char *lock_dir;
        char *state_dir;
} RunPaths;

int run_paths_for(const char *run_dir, uid_t uid, const char *name, RunPaths *ret);
void run_paths_done(RunPaths *p);
