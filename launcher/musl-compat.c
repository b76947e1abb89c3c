/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <sys/syscall.h>
#include <unistd.h>

#include "musl-compat.h"

int close_range(unsigned first, unsigned last, int flags) {
        return (int) syscall(SYS_close_range, first, last, flags);
}
