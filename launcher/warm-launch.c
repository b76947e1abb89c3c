/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"
#include "config.h"
#include "elevate.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "process.h"
#include "refcount.h"
#include "run-paths.h"
#include "sched-slice.h"
#include "show.h"
#include "warm-launch.h"

/* The agent's socket is only as trustworthy as its directory: root's, writable by nobody else. */
static int state_dir_trusted(const char *dir) {
        struct stat st;

        if (lstat(dir, &st) < 0)
                return negative_errno();
        if (!S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022))
                return -EPERM;
        return 0;
}

typedef struct Reexec {
        const char *helper;
        char *const *tail;
} Reexec;

static int reexec_child(void *userdata) {
        const Reexec *x = userdata;
        int r = privilege_reexec(x->helper, x->tail);

        log_error_errno(r, "Failed to execute %s: %m", x->helper);
        return EXIT_FAILURE;
}

/* The last instance leaves: the privileged half stops the container, unless another instance
 * came in between (it checks again under the mutex). */
static int release_privileged(const char *helper, char *const *release_tail) {
        Step s;
        pid_t pid;
        int r, status;

        if (!step_begin(&s, "last instance: exec %s %s ++internal-release", helper, APPCTL_PATH))
                return 0;
        r = process_fork(reexec_child, &(Reexec){helper, release_tail}, &pid);
        if (r < 0)
                return log_error_errno(r, "Failed to fork: %m");
        r = process_wait_to_end(pid, &status);
        if (r < 0)
                return log_error_errno(r, "Failed to wait for %s: %m", helper);
        step_end(&s, 0);
        return status == 0 ? 0 : -EIO;
}

int warm_launch(const char *name, char *const *argv, char *const *env, const char *helper,
        char *const *release_tail, int *ret_status) {
        _cleanup_(run_paths_done) RunPaths paths = {};
        _cleanup_free_ char *sock = NULL, *token_path = NULL;
        AgentToken token;
        _cleanup_close_ int mutex = -1, ref = -1, conn = -1;
        const char *dir, *locks;
        uid_t uid = getuid();
        Step s;
        SchedSlice slice;
        int r, wait_status = 0, status;

        /* our own name space in RUN_DIR (owner.h): another user's app of this name is not ours */
        r = run_paths_for(RUN_DIR, uid, name, &paths);
        if (r < 0)
                return r;
        dir = paths.state_dir;
        locks = paths.lock_dir;
        sock = path_join(dir, AGENT_SOCKET_NAME);
        token_path = path_join(dir, AGENT_TOKEN_NAME);
        if (!sock || !token_path)
                return -ENOMEM;
        for (int fd = 0; fd < 3; fd++)
                if (fcntl(fd, F_GETFD) < 0)
                        return -EBADF; /* nothing to hand over: the privileged path copes */
        r = state_dir_trusted(dir);
        if (r < 0)
                return r;

        /* as in container_ensure_started(): our reference counts from under the mutex on */
        step_begin(&s, "flock(%s/%s.lock, LOCK_EX), flock(%s.ref, LOCK_SH), connect to %s", locks, name,
                name, sock);
        r = refcount_mutex_lock(locks, name, uid, &mutex);
        if (r >= 0)
                r = refcount_hold(locks, name, uid, &ref);
        /* the token of the agent that runs now: read under the mutex, as the socket is reached */
        if (r >= 0)
                r = agent_token_read(token_path, &token);
        if (r >= 0)
                r = agent_connect(sock, &conn);
        step_end(&s, r);
        if (r < 0) {
                show_note("  no agent: the privileged path starts the container");
                return r;
        }
        mutex = safe_close(mutex);

        step_begin(&s, "agent: run the app with our stdin, stdout, stderr");
        show_argv("  argv: ", argv);
        /* the app's end wakes us (sched-slice.h); what runs after (the release, or the privileged
         * path when nothing ran) runs with our own slice */
        sched_slice_shorten(&slice);
        r = agent_run(conn, &token, argv, env, &wait_status);
        sched_slice_restore(0, &slice);
        step_end(&s, r);
        if (r == -EPIPE || r == -E2BIG || r == -EBADF)
                return r; /* nothing ran; our reference goes with the fd */
        if (r < 0) {
                log_error_errno(r, "Lost the container's agent while the app ran: %m");
                status = EXIT_FAILURE;
        } else
                status = wait_status_to_exit_code(wait_status);

        step_begin(&s, "flock(%s/%s.lock, LOCK_EX), release %s.ref, try LOCK_EX|LOCK_NB", locks, name, name);
        r = refcount_mutex_lock(locks, name, uid, &mutex);
        if (r >= 0)
                r = refcount_release(locks, name, uid, &ref);
        step_end(&s, r);
        if (r < 0) {
                log_error_errno(r, "Failed to release our reference on %s: %m", name);
                status = status ?: EXIT_FAILURE;
        } else if (r == 0)
                show_note("  other instances still run; leaving %s up", name);
        else {
                mutex = safe_close(mutex);
                if (release_privileged(helper, release_tail) < 0)
                        status = status ?: EXIT_FAILURE;
        }
        *ret_status = status;
        return 0;
}
