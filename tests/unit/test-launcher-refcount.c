/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>

#include "macro.h"
#include "path-util.h"
#include "refcount.h"
#include "tap.h"

/* Pure protocol tests, no root: instances are forked processes in a temporary directory. */

static char dir[] = "/tmp/test-refcount.XXXXXX";

static void test_single(void) {
        _cleanup_close_ int ref = -1, mutex = -1;

        ok(refcount_dir_ensure(dir) == 0, "directory");
        ok(refcount_mutex_lock(dir, "a", getuid(), &mutex) == 0, "mutex");
        ok(refcount_hold(dir, "a", getuid(), &ref) == 0, "hold");
        is_int(refcount_count(dir, "a"), 1, "one instance");
        ok(fcntl(ref, F_GETFD) & FD_CLOEXEC, "lock fds are O_CLOEXEC");
        is_int(refcount_release(dir, "a", getuid(), &ref), 1, "the only instance is the last");
        is_int(ref, -1, "release closes the fd");
        is_int(refcount_count(dir, "a"), 0, "no instance left");
        is_int(refcount_count(dir, "missing"), 0, "no file, no instances");
}

/* Each child: hold, signal readiness, wait for its turn, then release under the mutex and report
 * through its exit status whether it was the last (1) or not (0). */
static pid_t spawn_instance(int ready_fd, const int go[2], unsigned delay_ms) {
        pid_t pid = fork();

        if (pid == 0) {
                int ref = -1, mutex = -1, r;
                char c;
                struct timespec ts = {delay_ms / 1000, (long) (delay_ms % 1000) * 1000000L};

                if (refcount_mutex_lock(dir, "b", getuid(), &mutex) < 0 ||
                        refcount_hold(dir, "b", getuid(), &ref) < 0)
                        _exit(10);
                mutex = safe_close(mutex);
                if (write(ready_fd, "x", 1) != 1)
                        _exit(11);
                /* nobody releases before the parent has counted all holders: wait for EOF on go */
                close(go[1]);
                if (read(go[0], &c, 1) != 0)
                        _exit(14);
                nanosleep(&ts, NULL);
                if (refcount_mutex_lock(dir, "b", getuid(), &mutex) < 0)
                        _exit(12);
                r = refcount_release(dir, "b", getuid(), &ref);
                _exit(r < 0 ? 13 : r);
        }
        return pid;
}

static void test_concurrent(void) {
        enum { N = 20 };
        pid_t pids[N];
        int p[2], go[2], lasts = 0, failures = 0;
        char c;

        ok(pipe2(p, O_CLOEXEC) == 0 && pipe2(go, O_CLOEXEC) == 0, "pipes");
        srand((unsigned) getpid());
        for (int i = 0; i < N; i++)
                pids[i] = spawn_instance(p[1], go, (unsigned) (rand() % 200));
        for (int i = 0; i < N; i++)
                if (read(p[0], &c, 1) != 1)
                        failures++;
        is_int(refcount_count(dir, "b"), N, "20 instances hold a reference");
        close(go[1]);
        close(go[0]);
        for (int i = 0; i < N; i++) {
                int status;
                waitpid(pids[i], &status, 0);
                if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
                        failures++;
                else
                        lasts += WEXITSTATUS(status);
        }
        is_int(failures, 0, "no instance failed");
        is_int(lasts, 1, "exactly one of 20 instances exiting in random order was the last");
        is_int(refcount_count(dir, "b"), 0, "none left");
        close(p[0]);
        close(p[1]);
}

static void test_sigkill(void) {
        _cleanup_close_ int ref = -1, mutex = -1;
        int p[2], go[2], status;
        pid_t victim;
        char c;

        /* go stays open: the victim never gets to release, it is killed while holding */
        ok(pipe2(p, O_CLOEXEC) == 0 && pipe2(go, O_CLOEXEC) == 0, "pipes");
        victim = spawn_instance(p[1], go, 0);
        ok(read(p[0], &c, 1) == 1, "victim holds");
        ok(refcount_hold(dir, "b", getuid(), &ref) == 0, "we hold too");
        is_int(refcount_count(dir, "b"), 2, "two instances");
        kill(victim, SIGKILL);
        waitpid(victim, &status, 0);
        ok(WIFSIGNALED(status), "victim killed with SIGKILL");
        is_int(refcount_count(dir, "b"), 1, "a killed instance leaks no reference");
        ok(refcount_mutex_lock(dir, "b", getuid(), &mutex) == 0, "mutex after the kill");
        is_int(refcount_release(dir, "b", getuid(), &ref), 1,
                "so the next exit is the last and stops the container");
        close(p[0]);
        close(p[1]);
        close(go[0]);
        close(go[1]);
}

static void test_not_last(void) {
        _cleanup_close_ int a = -1, b = -1, mutex = -1;

        ok(refcount_hold(dir, "c", getuid(), &a) == 0 && refcount_hold(dir, "c", getuid(), &b) == 0,
                "two holders in one process");
        ok(refcount_mutex_lock(dir, "c", getuid(), &mutex) == 0, "mutex");
        is_int(refcount_release(dir, "c", getuid(), &a), 0, "with another holder we are not the last");
        is_int(refcount_release(dir, "c", getuid(), &b), 1, "then the other one is");
}

typedef int (*TakeLock)(const char *dir, const char *name, uid_t owner, int *ret_fd);

/* A process that takes a lock with TAKE and holds it until *ret_go is closed (EOF; no clock): returns
 * once it holds. Deterministic: every probe of the caller is LOCK_NB. */
static pid_t spawn_holder(TakeLock take, const char *name, int *ret_go) {
        int ready[2], go[2];
        pid_t pid;
        char c;

        if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0)
                return -1;
        fflush(NULL);
        pid = fork();
        if (pid == 0) {
                int fd = -1;

                close(ready[0]);
                close(go[1]);
                if (take(dir, name, getuid(), &fd) < 0)
                        _exit(10);
                if (write(ready[1], "x", 1) != 1)
                        _exit(11);
                _exit(read(go[0], &c, 1) == 0 ? 0 : 12);
        }
        close(ready[1]);
        close(go[0]);
        if (pid < 0 || read(ready[0], &c, 1) != 1) {
                close(ready[0]);
                close(go[1]);
                return -1;
        }
        close(ready[0]);
        *ret_go = go[1];
        return pid;
}

static bool holder_done(pid_t pid, int go) {
        int status = -1;

        close(go);
        waitpid(pid, &status, 0);
        return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* errno of a LOCK_NB try of OPERATION on a fresh open file description of DIR/NAME.SUFFIX, 0 if
 * it was granted */
static int try_lock(const char *name, const char *suffix, int operation) {
        _cleanup_free_ char *p = NULL;
        _cleanup_close_ int fd = -1;

        if (asprintf(&p, "%s/%s.%s", dir, name, suffix) < 0)
                return ENOMEM;
        fd = open(p, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return errno;
        return flock(fd, operation | LOCK_NB) < 0 ? errno : 0;
}

/* Instances share NAME.ref: while another process holds its reference, a shared lock is ours at
 * once. Runs first: were the reference exclusive, the tests below would block forever. */
static bool test_hold_shared(void) {
        int go = -1, r;
        pid_t holder = spawn_holder(refcount_hold, "s", &go);

        ok(holder > 0, "another process holds a reference");
        if (holder <= 0)
                return false;
        r = try_lock("s", "ref", LOCK_SH);
        is_int(r, 0, "a second instance gets its shared reference at once");
        ok(holder_done(holder, go), "the holder held until told");
        return r == 0;
}

/* The mutex is exclusive: while another process holds it, neither a shared nor an exclusive lock
 * can be had. */
static void test_mutex_exclusive(void) {
        _cleanup_close_ int mutex = -1;
        int go = -1;
        pid_t holder = spawn_holder(refcount_mutex_lock, "m", &go);

        ok(holder > 0, "another process holds the mutex");
        if (holder <= 0)
                return;
        is_int(try_lock("m", "lock", LOCK_SH), EWOULDBLOCK,
                "a shared lock is refused while it is held (EWOULDBLOCK)");
        is_int(try_lock("m", "lock", LOCK_EX), EWOULDBLOCK,
                "an exclusive lock is refused while it is held (EWOULDBLOCK)");
        ok(refcount_count(dir, "m") == 0, "the mutex is not a reference");
        ok(holder_done(holder, go), "the holder held until told");
        /* the lock died with its holder: ours now, at once */
        ok(refcount_mutex_lock(dir, "m", getuid(), &mutex) == 0, "after the holder exits the mutex is free");
        is_int(try_lock("m", "lock", LOCK_SH), EWOULDBLOCK, "and held by us it excludes others again");
}

int main(void) {
        _cleanup_free_ char *cmd = NULL;

        if (!mkdtemp(dir)) {
                printf("1..0 # SKIP no temporary directory\n");
                return 0;
        }
        if (!test_hold_shared()) {
                printf("Bail out! references are not shared: the other tests would block\n");
                return tap_done();
        }
        test_single();
        test_concurrent();
        test_sigkill();
        test_not_last();
        test_mutex_exclusive();
        if (asprintf(&cmd, "rm -rf '%s'", dir) > 0 && system(cmd) != 0)
                printf("# could not remove %s\n", dir);
        return tap_done();
}
