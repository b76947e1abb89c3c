/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "macro.h"
#include "nested-subids.h"
#include "uid-range.h"
#include "validate.h"

bool nested_subids_current(const char *text, const char *user, uid_t uid, gid_t gid) {
        _cleanup_free_ char *want = NULL;
        bool found = false;

        if (asprintf(&want, "%s:%u:%u", user, (unsigned) nested_subid_start(uid, gid), UID_RANGE_SLOT) < 0)
                return true; /* no memory for a warning: none */
        for (const char *l = text; l && *l; l = strchrnul(l, '\n'), l += !!*l) {
                size_t n = (size_t) (strchrnul(l, '\n') - l);

                if (n > strlen(user) && strneq(l, user, strlen(user)) && l[strlen(user)] == ':') {
                        if (found || n != strlen(want) || !strneq(l, want, n))
                                return false;
                        found = true;
                }
        }
        return found;
}

void nested_subids_warn_old(const char *name, const char *rootfs, const char *user, uid_t uid, gid_t gid) {
        _cleanup_free_ char *text = NULL;

        if (read_file_in_root(rootfs, "etc/subuid", &text) < 0 ||
                nested_subids_current(text, user, uid, gid))
                return;
        log_warning("%s was made with sub-ids its user namespace cannot map: rootless podman fails in it "
                    "until 'make-app-container rebuild %s' moves them inside its range.",
                name, name);
}
