/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include "app-lock.h"
#include "log.h"
#include "macro.h"
#include "owner.h"
#include "refcount.h"

int app_mutex_lock(const char *name, uid_t uid, int *ret_fd) {
        _cleanup_(run_paths_done) RunPaths paths = {};
        int r;

        /* the launcher's mutex of this app, in its user's name space (owner.h) */
        r = run_paths_for(RUN_DIR, uid, name, &paths);
        if (r >= 0)
                r = run_dirs_ensure(&paths);
        if (r >= 0)
                r = refcount_mutex_lock(paths.lock_dir, name, uid, ret_fd);
        if (r < 0)
                return log_error_errno(r, "Failed to lock %s/%s.lock: %m", strna(paths.lock_dir), name);
        return 0;
}
