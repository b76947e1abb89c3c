/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "agent.h"
#include "io-util.h"
#include "locale-fallback.h"
#include "log.h"
#include "macro.h"
#include "parse-util.h"
#include "path-util.h"
#include "process.h"
#include "sched-slice.h"

#define OVERFLOW_UID 65534 /* the kernel's default /proc/sys/kernel/overflowuid */

static const int forwarded[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2};

static bool signal_is_forwarded(int sig) {
        for (size_t i = 0; i < ELEMENTSOF(forwarded); i++)
                if (forwarded[i] == sig)
                        return true;
        return false;
}

/* "N\0" and N strings, each with its NUL: any string, the empty one too, survives */
static size_t list_size(char *const *l, size_t *ret_n) {
        size_t size = 21, n = 0;

        for (; l && l[n]; n++)
                size += strlen(l[n]) + 1;
        *ret_n = n;
        return size;
}

static char *list_put(char *p, char *const *l, size_t n) {
        p += sprintf(p, "%zu", n) + 1;
        for (size_t i = 0; i < n; i++)
                p = stpcpy(p, l[i]) + 1;
        return p;
}

int agent_request_encode(char *const *argv, char *const *env, char **ret, size_t *ret_size) {
        size_t n_argv, n_env, size;
        char *buf, *end;

        size = list_size(argv, &n_argv) + list_size(env, &n_env);
        if (n_argv == 0)
                return -EINVAL;
        buf = malloc(size);
        if (!buf)
                return -ENOMEM;
        end = list_put(list_put(buf, argv, n_argv), env, n_env);
        *ret = buf;
        *ret_size = (size_t) (end - buf);
        return 0;
}

/* The next NUL-terminated string of BUF at *POS; NULL (malformed) when BUF ends first. */
static const char *next_string(const char *buf, size_t size, size_t *pos) {
        const char *s = buf + *pos, *end;

        if (*pos >= size || !(end = memchr(s, 0, size - *pos)))
                return NULL;
        *pos += (size_t) (end - s) + 1;
        return s;
}

static int decode_list(const char *buf, size_t size, size_t *pos, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        const char *count = next_string(buf, size, pos), *s;
        unsigned n;

        /* each string takes at least its NUL: a count beyond the rest is a lie */
        if (!count || parse_unsigned(count, 0, AGENT_REQUEST_MAX, &n) < 0 || n > size - *pos)
                return -EBADMSG;
        l = calloc(n + 1, sizeof(char *));
        if (!l)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                if (!(s = next_string(buf, size, pos)))
                        return -EBADMSG;
                if (!(l[i] = strdup(s)))
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

int agent_request_decode(const char *buf, size_t size, char ***ret_argv, char ***ret_env) {
        _cleanup_strv_free_ char **argv = NULL, **env = NULL;
        size_t pos = 0;
        int r;

        r = decode_list(buf, size, &pos, &argv);
        if (r >= 0)
                r = decode_list(buf, size, &pos, &env);
        if (r < 0)
                return r;
        if (pos != size || strv_length(argv) == 0 || isempty(argv[0]))
                return -EBADMSG;
        for (size_t i = 0; env[i]; i++)
                if (!strchr(env[i], '=') || env[i][0] == '=')
                        return -EBADMSG;
        *ret_argv = TAKE_PTR(argv);
        *ret_env = TAKE_PTR(env);
        return 0;
}

static bool same_key(const char *a, const char *b) {
        size_t k = strcspn(a, "=");
        return strneq(a, b, k) && b[k] == '=';
}

int env_override(char *const *env, char *const *overrides, char ***ret) {
        _cleanup_strv_free_ char **l = calloc(1, sizeof(char *));

        if (!l)
                return -ENOMEM;
        for (size_t i = 0; env && env[i]; i++) {
                bool replaced = false;
                for (size_t j = 0; overrides && overrides[j] && !replaced; j++)
                        replaced = same_key(overrides[j], env[i]);
                if (!replaced && strv_extend(&l, env[i]) < 0)
                        return -ENOMEM;
        }
        for (size_t j = 0; overrides && overrides[j]; j++)
                if (strv_extend(&l, overrides[j]) < 0)
                        return -ENOMEM;
        *ret = TAKE_PTR(l);
        return 0;
}

/* A new SOCK_SEQPACKET socket and the address of PATH, for bind() or connect(). */
static int socket_for(const char *path, struct sockaddr_un *ret_sa) {
        int fd;

        *ret_sa = (struct sockaddr_un){.sun_family = AF_UNIX};
        if (strlen(path) >= sizeof(ret_sa->sun_path))
                return -ENAMETOOLONG;
        strcpy(ret_sa->sun_path, path);
        fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        return fd < 0 ? negative_errno() : fd;
}

int agent_listen(const char *path, uid_t uid, gid_t gid, int *ret_fd) {
        _cleanup_close_ int fd = -1;
        struct sockaddr_un sa;
        mode_t old;
        int r;

        fd = socket_for(path, &sa);
        if (fd < 0)
                return fd;
        if (unlink(path) < 0 && errno != ENOENT)
                return negative_errno();
        /* born 0600 (no window in which others could connect), then handed to the user */
        old = umask(0177);
        r = bind(fd, (struct sockaddr *) &sa, sizeof(sa));
        umask(old);
        if (r < 0)
                return negative_errno();
        if (fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW) < 0 || listen(fd, 64) < 0) {
                r = negative_errno();
                (void) unlink(path);
                return r;
        }
        *ret_fd = TAKE_FD(fd);
        return 0;
}

int agent_token_new(const char *path, uid_t uid, gid_t gid, AgentToken *ret) {
        _cleanup_close_ int fd = -1;
        AgentToken t;
        int r;

        if (getrandom(t.bytes, sizeof(t.bytes), 0) != (ssize_t) sizeof(t.bytes))
                return -EIO;
        if (unlink(path) < 0 && errno != ENOENT)
                return negative_errno();
        /* root's directory: O_EXCL and O_NOFOLLOW all the same; born 0600, then the user's */
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0)
                return negative_errno();
        r = write_all(fd, t.bytes, sizeof(t.bytes));
        if (r >= 0 && fchown(fd, uid, gid) < 0)
                r = negative_errno();
        if (r < 0) {
                (void) unlink(path);
                return r;
        }
        *ret = t;
        return 0;
}

int agent_token_read(const char *path, AgentToken *ret) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        ssize_t n;

        if (fd < 0)
                return negative_errno();
        n = read(fd, ret->bytes, sizeof(ret->bytes));
        if (n < 0)
                return negative_errno();
        return n == (ssize_t) sizeof(ret->bytes) ? 0 : -EBADMSG;
}

/* every byte compared: the time taken tells nothing of where a guess went wrong */
static bool token_equal(const AgentToken *a, const unsigned char *b) {
        unsigned char d = 0;

        for (size_t i = 0; i < sizeof(a->bytes); i++)
                d |= (unsigned char) (a->bytes[i] ^ b[i]);
        return d == 0;
}

/* Nothing ran: the client takes the privileged path instead. */
static void refuse(int conn) {
        int not_run = AGENT_NOT_RUN;

        (void) send(conn, &not_run, sizeof(not_run), MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* One client of the agent: its connection, and once its app runs, the app. */
typedef struct Client {
        int conn;
        bool conn_watched; /* false once the client is gone: the app runs on */
        pid_t pid; /* 0 until the app runs */
        int pidfd;
} Client;

static void client_done(Client *c) {
        safe_close(c->conn);
        safe_close(c->pidfd);
        *c = (Client){.conn = -1, .pidfd = -1};
}

/* The app with the client's fds as 0-2, in a process group of its own (the client forwards what
 * its terminal sends to it), signals as at exec of a fresh process, under the system call filter
 * the agent itself runs under (exec-app.c). Every fd of the agent is O_CLOEXEC; close_range makes
 * sure. Returns 0 or a positive errno (posix_spawn's convention: an exec that failed is ours to
 * report, as posix_spawn would).
 *
 * Our own fork, not posix_spawn: the child has the agent's short slice (sched-slice.h), so it
 * takes a busy CPU at once, and gives itself the agent's own slice back just before its exec, so
 * that the app and all it forks are scheduled as any program. posix_spawn cannot (its
 * sched_setscheduler keeps a custom slice), and giving it back from the agent after the exec raced
 * with the app's first forks.
 *
 * In the agent's session, not one of its own, and still without a controlling terminal (so no
 * TIOCSTI, TIOCSPGRP... on the caller's terminal, SECURITY.md): the agent leads that session, made
 * as an app's is (exec-app.c's setsid()), and never opens a terminal, and only a session's leader
 * can give it one. Not a session of its own: where the kernel groups tasks by session for the
 * scheduler (autogroup, in the root cpu cgroup), a new session is a new task group whose share
 * starts near nothing, and on a busy machine the app then waited for a tick before its exec
 * (README, Benchmarks). The apps share the agent's group, as a desktop's apps share its session. */
static int spawn_app(
        char *const *argv, char *const *env, const int fds[3], const SchedSlice *slice, pid_t *ret_pid) {
        int p[2], err = 0, status;
        ssize_t n;
        pid_t pid;

        if (pipe2(p, O_CLOEXEC) < 0) {
                err = errno;
                return err;
        }
        pid = fork();
        if (pid < 0) {
                err = errno;
                close(p[0]);
                close(p[1]);
                return err;
        }
        if (pid == 0) {
                sigset_t none;

                sigemptyset(&none);
                sched_slice_restore(0, slice);
                /* SIGPIPE: ignored by the agent, and an ignored signal stays so across exec */
                if (setpgid(0, 0) < 0 || signal(SIGPIPE, SIG_DFL) == SIG_ERR ||
                        sigprocmask(SIG_SETMASK, &none, NULL) < 0)
                        goto fail;
                for (int i = 0; i < 3; i++)
                        if (dup2(fds[i], i) < 0)
                                goto fail;
                /* all but 0-2 close at the exec, the error pipe with them (before 5.11: O_CLOEXEC) */
                (void) close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
                execvpe(argv[0], argv, env);
        fail:
                err = errno;
                (void) write(p[1], &err, sizeof(err));
                _exit(127);
        }
        close(p[1]);
        do
                n = read(p[0], &err, sizeof(err));
        while (n < 0 && errno == EINTR);
        close(p[0]);
        if (n == (ssize_t) sizeof(err)) {
                (void) process_wait_status(pid, &status);
                return err;
        }
        *ret_pid = pid;
        return 0;
}

/* The client's request has come: run the app. False when the client is done with (refused). */
static bool client_start(
        Client *c, const AgentToken *token, char *const *base_env, const SchedSlice *slice, char *buf) {
        _cleanup_strv_free_ char **argv = NULL, **overrides = NULL, **env = NULL;
        _cleanup_free_ char *missing = NULL;
        union {
                struct cmsghdr h;
                char b[CMSG_SPACE(3 * sizeof(int))];
        } control = {};
        struct iovec iov = {.iov_base = buf, .iov_len = AGENT_REQUEST_MAX};
        struct msghdr mh = {.msg_iov = &iov,
                .msg_iovlen = 1,
                .msg_control = &control,
                .msg_controllen = sizeof(control)};
        struct cmsghdr *cmsg;
        int fds[3] = {-1, -1, -1}, r;
        ssize_t n;

        n = recvmsg(c->conn, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
                return true; /* not there yet */
        cmsg = n > 0 ? CMSG_FIRSTHDR(&mh) : NULL;
        if (cmsg && cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS) {
                /* whatever came is ours to close: the agent outlives this request */
                size_t n_fds = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                for (size_t i = 0; i < n_fds; i++) {
                        int fd;
                        memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
                        if (n_fds == ELEMENTSOF(fds))
                                fds[i] = fd;
                        else
                                safe_close(fd);
                }
        }
        /* only who could read the token file asks: the user (root needs no agent) */
        if (fds[0] < 0 || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || (size_t) n < sizeof(token->bytes) ||
                !token_equal(token, (const unsigned char *) buf) ||
                agent_request_decode(buf + sizeof(token->bytes), (size_t) n - sizeof(token->bytes), &argv,
                        &overrides) < 0 ||
                env_override(base_env, overrides, &env) < 0 ||
                /* the warm path's apps fall back as the cold path's (locale-fallback.h) */
                locale_env_fallback(env, &missing) < 0) {
                for (size_t i = 0; i < ELEMENTSOF(fds); i++)
                        safe_close(fds[i]);
                refuse(c->conn);
                return false;
        }
        if (missing)
                dprintf(fds[2],
                        "%s: The locale %s is not available in the container; the app uses C.UTF-8 (install "
                        "the locales package there and generate it).\n",
                        log_get_program_name(), missing);

        r = spawn_app(argv, env, fds, slice, &c->pid);
        if (r != 0) {
                /* what execvpe's caller would say, on the client's stderr; the status a shell gives */
                dprintf(fds[2], "%s: Failed to execute %s: %s\n", log_get_program_name(), argv[0],
                        strerror(r));
                c->pid = 0;
        }
        for (size_t i = 0; i < ELEMENTSOF(fds); i++)
                safe_close(fds[i]);
        if (r != 0) {
                int status = (r == ENOENT ? 127 : 126) << 8;
                (void) send(c->conn, &status, sizeof(status), MSG_NOSIGNAL | MSG_DONTWAIT);
                return false;
        }
        /* our own unwaited child: its pid cannot be recycled before the wait in client_finish() */
        c->pidfd = (int) syscall(SYS_pidfd_open, c->pid, 0);
        if (c->pidfd < 0) {
                int status = 0;
                /* no pidfd (a kernel before 5.3): wait here, as the agent once did for every app */
                (void) process_wait_status(c->pid, &status);
                (void) send(c->conn, &status, sizeof(status), MSG_NOSIGNAL | MSG_DONTWAIT);
                return false;
        }
        return true;
}

/* A message from a client whose app runs: a signal to forward, or the client has gone. */
static void client_signal(Client *c) {
        int sig;
        ssize_t n = recv(c->conn, &sig, sizeof(sig), MSG_DONTWAIT);

        if (n < 0 && (errno == EAGAIN || errno == EINTR))
                return;
        if (n != (ssize_t) sizeof(sig)) {
                c->conn_watched = false; /* the client is gone; the app runs on */
                return;
        }
        /* what a terminal sends goes to the app's process group */
        if (signal_is_forwarded(sig))
                (void) kill(sig == SIGINT || sig == SIGQUIT ? -c->pid : c->pid, sig);
}

/* The app has ended: its raw wait status to the client, which exits the way the app did. */
static void client_finish(Client *c) {
        int status = 0;

        if (process_wait_status(c->pid, &status) < 0)
                return;
        (void) send(c->conn, &status, sizeof(status), MSG_NOSIGNAL | MSG_DONTWAIT);
}

static int accept_client(int listen_fd, Client **clients, size_t *n_clients) {
        struct ucred cred;
        socklen_t len = sizeof(cred);
        _cleanup_close_ int conn = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
        Client *l;

        if (conn < 0)
                return errno == EINTR || errno == ECONNABORTED || errno == EAGAIN ? 0 : negative_errno();
        /* The socket is 0600 already; the peer check is for a file mode gone wrong: no other
         * uid of the container (its root above all). In a user namespace every host uid shows as
         * the overflow uid, the user's too; the token tells them apart (client_start()). */
        if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 ||
                (cred.uid != getuid() && cred.uid != OVERFLOW_UID))
                return 0;
        l = reallocarray(*clients, *n_clients + 1, sizeof(Client));
        if (!l)
                return 0; /* this client gets no status and takes the privileged path */
        l[(*n_clients)++] = (Client){.conn = TAKE_FD(conn), .conn_watched = true, .pidfd = -1};
        *clients = l;
        return 0;
}

/* One process serves every client: poll on the listening socket, each client's connection and
 * each running app's pidfd. No process per request: on a busy machine every process to schedule
 * is a wait for a CPU. */
_Noreturn void agent_serve(int listen_fd, const AgentToken *token, char *const *env) {
        _cleanup_free_ char *buf = malloc(AGENT_REQUEST_MAX);
        _cleanup_free_ struct pollfd *p = NULL;
        Client *clients = NULL;
        size_t n_clients = 0;
        SchedSlice slice;

        /* The starting launcher's bus connection (authenticated as root) and its lock fds must not
         * live on in a process of the user's: keep nothing but stdio and the socket. */
        if (listen_fd > 3)
                close_range(3, (unsigned) listen_fd - 1, 0);
        close_range((unsigned) listen_fd + 1, ~0U, 0);
        {
                char title[80];
                /* ps would show the privileged launcher's command line, now in a process of the user's */
                snprintf(title, sizeof(title), "%s: app-container agent", log_get_program_name());
                process_title_set(title);
        }
        /* the apps are waited for through their pidfds: their statuses go to the clients */
        signal(SIGCHLD, SIG_DFL);
        signal(SIGPIPE, SIG_IGN);
        /* a request, an app's end: the agent's work is short and the launcher waits for it */
        sched_slice_shorten(&slice);
        if (!buf)
                _exit(EXIT_FAILURE);

        for (;;) {
                struct pollfd *q = reallocarray(p, 1 + 2 * n_clients, sizeof(struct pollfd));
                size_t n = 1, j;

                if (!q)
                        _exit(EXIT_FAILURE);
                p = q;
                p[0] = (struct pollfd){.fd = listen_fd, .events = POLLIN};
                for (size_t i = 0; i < n_clients; i++) {
                        p[n++] = (struct pollfd){
                                .fd = clients[i].conn_watched ? clients[i].conn : -1, .events = POLLIN};
                        p[n++] = (struct pollfd){.fd = clients[i].pidfd, .events = POLLIN};
                }
                if (poll(p, n, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        _exit(EXIT_FAILURE);
                }

                for (size_t i = 0; i < n_clients; i++) {
                        Client *c = &clients[i];
                        short conn_ev = p[1 + 2 * i].revents, app_ev = p[2 + 2 * i].revents;
                        bool keep = true;

                        if (app_ev & POLLIN) {
                                client_finish(c);
                                keep = false;
                        } else if (c->pid == 0 && (conn_ev & (POLLIN | POLLHUP | POLLERR)))
                                keep = client_start(c, token, env, &slice, buf);
                        else if (c->pid > 0 && (conn_ev & POLLIN))
                                client_signal(c);
                        else if (conn_ev & (POLLHUP | POLLERR))
                                c->conn_watched = false;
                        if (!keep)
                                client_done(c);
                }
                /* the finished and refused ones out, the order of the rest kept */
                for (size_t i = j = 0; i < n_clients; i++)
                        if (clients[i].conn >= 0)
                                clients[j++] = clients[i];
                n_clients = j;

                if (p[0].revents & POLLIN && accept_client(listen_fd, &clients, &n_clients) < 0)
                        _exit(EXIT_FAILURE);
        }
}

int agent_connect(const char *path, int *ret_fd) {
        _cleanup_close_ int fd = -1;
        struct sockaddr_un sa;

        fd = socket_for(path, &sa);
        if (fd < 0)
                return fd;
        if (connect(fd, (struct sockaddr *) &sa, sizeof(sa)) < 0)
                return negative_errno();
        *ret_fd = TAKE_FD(fd);
        return 0;
}

static volatile int agent_conn = -1;

static void forward_to_agent(int sig) {
        int saved = errno;

        (void) send(agent_conn, &sig, sizeof(sig), MSG_NOSIGNAL | MSG_DONTWAIT);
        errno = saved;
}

int agent_run(int fd, const AgentToken *token, char *const *argv, char *const *env, int *ret_wait_status) {
        _cleanup_free_ char *buf = NULL, *msg = NULL;
        const int fds[3] = {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO};
        union {
                struct cmsghdr h;
                char b[CMSG_SPACE(sizeof(fds))];
        } control = {};
        struct sigaction forward = {.sa_handler = forward_to_agent, .sa_flags = SA_RESTART};
        struct sigaction old[ELEMENTSOF(forwarded)];
        struct iovec iov;
        struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control};
        struct cmsghdr *cmsg;
        size_t size;
        ssize_t n;
        int r, status;

        r = agent_request_encode(argv, env, &buf, &size);
        if (r < 0)
                return r;
        if (size + sizeof(token->bytes) > AGENT_REQUEST_MAX)
                return -E2BIG;
        msg = malloc(size + sizeof(token->bytes));
        if (!msg)
                return -ENOMEM;
        memcpy(msg, token->bytes, sizeof(token->bytes));
        memcpy(msg + sizeof(token->bytes), buf, size);
        iov = (struct iovec){.iov_base = msg, .iov_len = size + sizeof(token->bytes)};
        mh.msg_controllen = sizeof(control);
        cmsg = CMSG_FIRSTHDR(&mh);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(fds));
        memcpy(CMSG_DATA(cmsg), fds, sizeof(fds));
        if (sendmsg(fd, &mh, MSG_NOSIGNAL) < 0)
                return errno == EBADF ? -EBADF : -EPIPE;

        agent_conn = fd;
        for (size_t i = 0; i < ELEMENTSOF(forwarded); i++)
                sigaction(forwarded[i], &forward, &old[i]);
        do
                n = recv(fd, &status, sizeof(status), 0);
        while (n < 0 && errno == EINTR);
        for (size_t i = 0; i < ELEMENTSOF(forwarded); i++)
                sigaction(forwarded[i], &old[i], NULL);
        agent_conn = -1;
        if (n != (ssize_t) sizeof(status))
                return -ECONNRESET;
        if (status == AGENT_NOT_RUN)
                return -EPIPE;
        *ret_wait_status = status;
        return 0;
}
