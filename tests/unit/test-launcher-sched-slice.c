/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sched_slice_shorten() and sched_slice_restore() (launcher/sched-slice.h) on the test's own task:
 * half the slice and back for SCHED_OTHER, nothing for the policies someone chose. */
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sched-slice.h"
#include "tap.h"

typedef struct Attr {
        uint32_t size, policy;
        uint64_t flags;
        int32_t nice;
        uint32_t priority;
        uint64_t runtime, deadline, period;
} Attr;

static Attr attr(void) {
        Attr a = {};
        (void) syscall(SYS_sched_getattr, 0, &a, sizeof(a), 0);
        return a;
}

static Attr attr_of(pid_t pid) {
        Attr a = {};
        (void) syscall(SYS_sched_getattr, pid, &a, sizeof(a), 0);
        return a;
}

/* a child that has inherited our attributes, maybe set a slice of its own, and waits for SIGKILL */
static pid_t child(uint64_t own_slice) {
        int q[2];
        pid_t pid;
        char c;

        if (pipe(q) < 0)
                return -1;
        pid = fork();
        if (pid == 0) {
                Attr a = attr();
                if (own_slice) {
                        a.size = sizeof(a);
                        a.runtime = own_slice;
                        (void) syscall(SYS_sched_setattr, 0, &a, 0);
                }
                (void) write(q[1], "", 1);
                for (;;)
                        pause();
        }
        (void) read(q[0], &c, 1);
        close(q[0]);
        close(q[1]);
        return pid;
}

static void reap(pid_t pid) {
        (void) kill(pid, SIGKILL);
        (void) waitpid(pid, NULL, 0);
}

static int set_policy(int policy) {
        return sched_setscheduler(0, policy, &(struct sched_param){.sched_priority = 0});
}

int main(void) {
        Attr before = attr(), a;
        SchedSlice s;

        if (before.policy != SCHED_OTHER) {
                printf("1..0 # SKIP the test runs under policy %u, not SCHED_OTHER\n", before.policy);
                return 0;
        }
        sched_slice_shorten(&s);
        a = attr();
        if (before.runtime == 0) {
                /* a kernel before 6.12: no slice to shorten, nothing may change */
                ok(!s.shortened, "no slice reported (Linux < 6.12): not shortened");
                is_int(a.runtime, 0, "and left as it was");
        } else {
                ok(s.shortened, "SCHED_OTHER: shortened");
                is_int(a.runtime, before.runtime / 2, "to half the slice (%llu ns)",
                        (unsigned long long) before.runtime);
                is_int(a.policy, SCHED_OTHER, "the policy kept");
                is_int(a.nice, before.nice, "the nice value kept");
                pid_t c1 = child(0), c2 = child(300000);
                is_int(attr_of(c1).runtime, before.runtime / 2, "a child inherits the short slice");
                sched_slice_restore(c1, &s);
                sched_slice_restore(c2, &s);
                is_int(attr_of(c1).runtime, before.runtime, "and gets ours back from us");
                is_int(attr_of(c2).runtime, 300000, "unless it set a slice of its own since");
                reap(c1);
                reap(c2);
                sched_slice_restore(0, &s);
                is_int(attr().runtime, before.runtime, "restored");
        }

        /* reset-on-fork (chrt -R), in a child: the flag would stay with the test */
        if (fork() == 0) {
                int r = sched_setscheduler(0, SCHED_OTHER | SCHED_RESET_ON_FORK, &(struct sched_param){});
                sched_slice_shorten(&s);
                _exit(r < 0 ? 2 : s.shortened ? 1 : 0);
        } else {
                int status = -1;
                (void) wait(&status);
                ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "reset-on-fork: not shortened");
        }
        /* someone chose these (chrt -b, chrt -i): they stay as they are */
        if (set_policy(SCHED_BATCH) == 0) {
                uint64_t r = attr().runtime;
                sched_slice_shorten(&s);
                ok(!s.shortened, "SCHED_BATCH: not shortened");
                is_int(attr().runtime, r, "its slice unchanged");
        } else
                ok(true, "# SKIP SCHED_BATCH refused");
        if (set_policy(SCHED_IDLE) == 0) {
                sched_slice_shorten(&s);
                ok(!s.shortened, "SCHED_IDLE: not shortened");
                is_int(attr().policy, SCHED_IDLE, "and still SCHED_IDLE");
        } else
                ok(true, "# SKIP SCHED_IDLE refused");
        return tap_done();
}
