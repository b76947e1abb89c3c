/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sched-slice.h"

#ifndef SCHED_FLAG_RESET_ON_FORK
#define SCHED_FLAG_RESET_ON_FORK 0x01
#endif

/* struct sched_attr as of Linux 3.14 (SCHED_ATTR_SIZE_VER0): ours, as glibc 2.41's <sched.h> and
 * <linux/sched/types.h> both define it and older glibcs neither */
typedef struct SchedAttr {
        uint32_t size;
        uint32_t sched_policy;
        uint64_t sched_flags;
        int32_t sched_nice;
        uint32_t sched_priority;
        uint64_t sched_runtime; /* SCHED_OTHER: the slice (6.12) */
        uint64_t sched_deadline;
        uint64_t sched_period;
} SchedAttr;

static int get_attr(pid_t pid, SchedAttr *ret) {
        *ret = (SchedAttr){};
        return syscall(SYS_sched_getattr, pid, ret, sizeof(*ret), 0) < 0 ? -1 : 0;
}

/* the rest of A as it was read: policy, flags, nice */
static void set_runtime(pid_t pid, SchedAttr *a, uint64_t ns) {
        a->size = sizeof(*a);
        a->sched_runtime = ns;
        (void) syscall(SYS_sched_setattr, pid, a, 0);
}

void sched_slice_shorten(SchedSlice *ret) {
        SchedAttr a;

        *ret = (SchedSlice){};
        if (get_attr(0, &a) < 0 || a.sched_policy != SCHED_OTHER ||
                (a.sched_flags & SCHED_FLAG_RESET_ON_FORK) || a.sched_runtime == 0)
                return;
        *ret = (SchedSlice){.shortened = true, .saved_ns = a.sched_runtime, .short_ns = a.sched_runtime / 2};
        set_runtime(0, &a, ret->short_ns);
}

void sched_slice_restore(pid_t pid, const SchedSlice *s) {
        SchedAttr a;

        if (!s->shortened || get_attr(pid, &a) < 0 || a.sched_policy != SCHED_OTHER ||
                a.sched_runtime != s->short_ns)
                return;
        set_runtime(pid, &a, s->saved_ns);
}
