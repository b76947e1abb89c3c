/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* A shorter scheduler slice for the calling task while it hands work over, and its own back.
 *
 * Since Linux 6.12 a waking task whose slice is shorter than the running task's takes the CPU at
 * once (EEVDF, PREEMPT_SHORT); with the default slice it waits until the running task's slice
 * ends and a tick comes, up to 4 ms at HZ=250. A warm launch is a handful of hand-overs (launcher
 * to agent, agent to app, the app's end to agent, agent to launcher): on a busy machine each could
 * cost such a wait (README, Benchmarks). A slice is the length
 * of a turn, not a share of the CPU: the task gets no more time than before, only sooner, and no
 * privilege is needed.
 *
 * Half the task's slice: short enough to preempt a task of the default slice, long enough that a
 * new process (whose first turn is half its slice) gets through its exec. A child inherits it: the
 * agent's apps have it up to their exec, when they take a busy CPU at once; each gives itself the
 * agent's own slice back just before its exec (sched_slice_restore() in the child, agent.c), so
 * that the app, and all it forks, is scheduled as any program.
 *
 * Only a task of the plain SCHED_OTHER policy is changed: batch, idle and real-time tasks, and one
 * marked reset-on-fork, were put there by someone and stay as they are. A kernel before 6.12
 * reports no slice (sched_getattr's sched_runtime is 0 for SCHED_OTHER) and is left alone. */
typedef struct SchedSlice {
        bool shortened;
        uint64_t saved_ns; /* the slice before */
        uint64_t short_ns; /* the slice now */
} SchedSlice;

void sched_slice_shorten(SchedSlice *ret);

/* The slice before back: for the caller (PID 0), or for PID, a child that inherited the short one.
 * Only while the short one is still there: a slice, policy or nice value set since stays. */
void sched_slice_restore(pid_t pid, const SchedSlice *s);
