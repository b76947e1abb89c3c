/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <sys/types.h>

/* Takes the launcher's mutex of app NAME of user UID (host/refcount.h), the lock file in that
 * user's run dir (host/owner.h): while *ret_fd is open no launch starts or stops NAME's
 * container. Blocks until it is ours; logs and returns negative errno. */
int app_mutex_lock(const char *name, uid_t uid, int *ret_fd);
