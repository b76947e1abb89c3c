/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "musl-compat.h"

int close_range(unsigned first, unsigned last, int flags) {
        return (int) syscall(SYS_close_range, first, last, flags);
}

/* posix_spawn's convention: 0 or a positive errno */
static const int not_supported = ENOSYS;

/* No way to add it to musl's file actions: refuse, and a spawn that needed it fails, closed. */
int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *fa, int from) {
        (void) fa;
        (void) from;
        return not_supported;
}
