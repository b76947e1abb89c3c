/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "run-paths.h"
#include "macro.h"
#include "path-util.h"

void run_paths_done(RunPaths *p) {
        free(p->user_dir);
        free(p->lock_dir);
        free(p->state_dir);
        *p = (RunPaths){};
}

int run_paths_for(const char *run_dir, uid_t uid, const char *name, RunPaths *ret) {
        RunPaths p = {};

        if (asprintf(&p.user_dir, "%s/%u", run_dir, (unsigned) uid) < 0)
                return -ENOMEM;
        p.lock_dir = path_join(p.user_dir, "lock");
        if (p.lock_dir && asprintf(&p.state_dir, "%s/state/%s", p.user_dir, name) < 0)
                p.state_dir = NULL;
        if (!p.lock_dir || !p.state_dir) {
                run_paths_done(&p);
                return -ENOMEM;
        }
        *ret = p;
        return 0;
}
