/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The agent's side of the warm path (agent.h): one process for every client, and a spare child
 * that waits for the next request and becomes its app. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent.h"
#include "locale-fallback.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "process.h"

#define OVERFLOW_UID 65534 /* the kernel's default /proc/sys/kernel/overflowuid */

/* How long the spare waits for a request after a connection: a client sends it right after its
 * connect; a slow one is handed to the agent, which serves many at once. */
#define SPARE_WAIT_MS 100
/* Spares that died without taking a request, one after the other, before the agent stops making
 * them and serves every request itself. */
#define SPARE_FAILURES_MAX 3

/* Nothing ran: the client takes the privileged path instead. */
static void refuse(int conn) {
        int not_run = AGENT_NOT_RUN;

        (void) send(conn, &not_run, sizeof(not_run), MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* The socket is 0600 already; the peer check is for a file mode gone wrong: no other uid of the
 * container (its root above all). In a user namespace every host uid shows as the overflow uid,
 * the user's too; the token tells them apart (request_receive()). */
static bool peer_allowed(int conn) {
        struct ucred cred;
        socklen_t len = sizeof(cred);

        return getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cred, &len) >= 0 &&
                (cred.uid == getuid() || cred.uid == OVERFLOW_UID);
}

/* One request as received: the client's fds for the app's 0-2, its argv and environment. */
typedef struct Request {
        int fds[3];
        char **argv;
        char **env;
        char *missing_locale; /* replaced by C.UTF-8 (locale-fallback.h), to say so */
} Request;

#define REQUEST_NULL ((Request){.fds = {-1, -1, -1}})

static void request_done(Request *q) {
        for (size_t i = 0; i < ELEMENTSOF(q->fds); i++)
                safe_close(q->fds[i]);
        strv_free(q->argv);
        strv_free(q->env);
        free(q->missing_locale);
        *q = REQUEST_NULL;
}

/* Reads the request on CONN into *RET: -EAGAIN when it is not there yet, another negative errno
 * when it must be refused (every fd that came with it closed: the agent outlives it). BUF:
 * AGENT_REQUEST_MAX bytes. */
static int request_receive(
        int conn, const AgentToken *token, char *const *base_env, char *buf, Request *ret) {
        _cleanup_strv_free_ char **overrides = NULL;
        _cleanup_(request_done) Request q = REQUEST_NULL;
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
        ssize_t n;

        n = recvmsg(conn, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
                return -EAGAIN;
        cmsg = n > 0 ? CMSG_FIRSTHDR(&mh) : NULL;
        if (cmsg && cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS) {
                /* whatever came is ours to close */
                size_t n_fds = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                for (size_t i = 0; i < n_fds; i++) {
                        int fd;
                        memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int), sizeof(int));
                        if (n_fds == ELEMENTSOF(q.fds))
                                q.fds[i] = fd;
                        else
                                safe_close(fd);
                }
        }
        if (q.fds[0] < 0 || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))
                return -EBADMSG;
        /* only who could read the token file asks: the user (root needs no agent) */
        if ((size_t) n < sizeof(token->bytes) || !agent_token_equal(token, (const unsigned char *) buf))
                return -EPERM;
        if (agent_request_decode(
                    buf + sizeof(token->bytes), (size_t) n - sizeof(token->bytes), &q.argv, &overrides) < 0)
                return -EBADMSG;
        if (env_override(base_env, overrides, &q.env) < 0 ||
                /* the warm path's apps fall back as the cold path's (locale-fallback.h) */
                locale_env_fallback(q.env, &q.missing_locale) < 0)
                return -ENOMEM;
        *ret = q;
        q = REQUEST_NULL;
        return 0;
}

static void request_warn_locale(const Request *q, int fd) {
        if (q->missing_locale)
                dprintf(fd,
                        "%s: The locale %s is not available in the container; the app uses C.UTF-8 (install "
                        "the locales package there and generate it).\n",
                        log_get_program_name(), q->missing_locale);
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

static int clients_add(Client **clients, size_t *n_clients, Client c) {
        Client *l = reallocarray(*clients, *n_clients + 1, sizeof(Client));

        if (!l)
                return -ENOMEM;
        l[(*n_clients)++] = c;
        *clients = l;
        return 0;
}

/* The app with the client's fds as 0-2, in a session of its own (no controlling terminal: the
 * client forwards what its terminal sends), signals as at exec of a fresh process, under the
 * system call filter the agent itself runs under (exec-app.c). posix_spawn's vfork: the agent's
 * page tables are not copied. Every fd of the agent is O_CLOEXEC; closefrom makes sure. Returns 0
 * or a positive errno (posix_spawn's convention). */
static int spawn_app(char *const *argv, char *const *env, const int fds[3], pid_t *ret_pid) {
        posix_spawn_file_actions_t fa;
        posix_spawnattr_t attr;
        sigset_t none, dfl;
        int r;

        sigemptyset(&none);
        sigemptyset(&dfl);
        sigaddset(&dfl, SIGPIPE); /* ignored by the agent; an ignored signal stays so across exec */
        r = posix_spawnattr_init(&attr);
        if (r != 0)
                return r;
        r = posix_spawn_file_actions_init(&fa);
        if (r != 0) {
                posix_spawnattr_destroy(&attr);
                return r;
        }
        r = posix_spawnattr_setflags(
                &attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
        if (r == 0)
                r = posix_spawnattr_setsigmask(&attr, &none);
        if (r == 0)
                r = posix_spawnattr_setsigdefault(&attr, &dfl);
        for (int i = 0; r == 0 && i < 3; i++)
                r = posix_spawn_file_actions_adddup2(&fa, fds[i], i);
        if (r == 0)
                r = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
        if (r == 0)
                r = posix_spawnp(ret_pid, argv[0], &fa, &attr, argv, env);
        posix_spawn_file_actions_destroy(&fa);
        posix_spawnattr_destroy(&attr);
        return r;
}

/* The client's request has come to the agent itself (no spare took it): run the app. False when
 * the client is done with (refused). */
static bool client_start(Client *c, const AgentToken *token, char *const *base_env, char *buf) {
        _cleanup_(request_done) Request q = REQUEST_NULL;
        int r;

        r = request_receive(c->conn, token, base_env, buf, &q);
        if (r == -EAGAIN)
                return true; /* not there yet */
        if (r < 0) {
                refuse(c->conn);
                return false;
        }
        request_warn_locale(&q, q.fds[2]);
        r = spawn_app(q.argv, q.env, q.fds, &c->pid);
        if (r != 0) {
                int status = (r == ENOENT ? 127 : 126) << 8;

                /* what execvpe's caller would say, on the client's stderr; the status a shell gives */
                dprintf(q.fds[2], "%s: Failed to execute %s: %s\n", log_get_program_name(), q.argv[0],
                        strerror(r));
                c->pid = 0;
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
        if (agent_signal_is_forwarded(sig))
                (void) kill(sig == SIGINT || sig == SIGQUIT ? -c->pid : c->pid, sig);
}

/* The app has ended: its raw wait status to the client, which exits the way the app did. */
static void client_finish(Client *c) {
        int status = 0;

        if (process_wait_status(c->pid, &status) < 0)
                return;
        (void) send(c->conn, &status, sizeof(status), MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* The spare tells the agent about a connection it took: STARTED, it becomes that client's app (the
 * agent waits for it and answers the client); else the agent serves the client itself. */
static int handoff_send(int handoff_fd, int conn, bool started) {
        union {
                struct cmsghdr h;
                char b[CMSG_SPACE(sizeof(int))];
        } control = {};
        int what = started;
        struct iovec iov = {.iov_base = &what, .iov_len = sizeof(what)};
        struct msghdr mh = {.msg_iov = &iov,
                .msg_iovlen = 1,
                .msg_control = &control,
                .msg_controllen = sizeof(control)};
        struct cmsghdr *cmsg = CMSG_FIRSTHDR(&mh);

        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(cmsg), &conn, sizeof(int));
        return sendmsg(handoff_fd, &mh, MSG_NOSIGNAL) < 0 ? negative_errno() : 0;
}

/* The next message of a spare: -EAGAIN when there is none. */
static int handoff_receive(int handoff_fd, int *ret_conn, bool *ret_started) {
        union {
                struct cmsghdr h;
                char b[CMSG_SPACE(sizeof(int))];
        } control = {};
        int what = 0, fd = -1;
        struct iovec iov = {.iov_base = &what, .iov_len = sizeof(what)};
        struct msghdr mh = {.msg_iov = &iov,
                .msg_iovlen = 1,
                .msg_control = &control,
                .msg_controllen = sizeof(control)};
        struct cmsghdr *cmsg;
        ssize_t n = recvmsg(handoff_fd, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);

        if (n < 0)
                return errno == EINTR ? -EAGAIN : negative_errno();
        cmsg = CMSG_FIRSTHDR(&mh);
        if (cmsg && cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS &&
                cmsg->cmsg_len == CMSG_LEN(sizeof(int)))
                memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
        if (n != (ssize_t) sizeof(what) || fd < 0) {
                safe_close(fd);
                return -EBADMSG;
        }
        *ret_conn = fd;
        *ret_started = what != 0;
        return 0;
}

typedef struct Spare {
        pid_t agent;
        int listen_fd;
        int handoff_fd;
        const AgentToken *token;
        char *const *env;
        char *buf;
} Spare;

/* The request taken: become the app, as spawn_app() makes it. Returns only on failure. */
static int spare_exec(Request *q) {
        sigset_t none;
        int r;

        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_DFL);
        /* a session of its own: the client forwards what its terminal sends */
        if (setsid() < 0 || dup2(q->fds[0], STDIN_FILENO) < 0 || dup2(q->fds[1], STDOUT_FILENO) < 0 ||
                dup2(q->fds[2], STDERR_FILENO) < 0)
                return -errno;
        close_range(3, ~0U, 0);
        request_warn_locale(q, STDERR_FILENO);
        /* the spare dies with the agent; the app it becomes outlives it, as spawn_app()'s do */
        (void) prctl(PR_SET_PDEATHSIG, 0);
        execvpe(q->argv[0], q->argv, q->env);
        r = negative_errno();
        /* one write, as client_start() says it */
        dprintf(STDERR_FILENO, "%s: Failed to execute %s: %s\n", log_get_program_name(), q->argv[0],
                strerror(-r));
        return r; /* 127 for -ENOENT, else 126 (process_fork()) */
}

/* The agent's spare child: waits for the next client and becomes its app, so that a warm launch
 * needs no new process (a fork, its placement on a CPU) while the client waits: on a busy machine
 * each is a wait for a CPU. The agent makes the next spare while the app runs. Serves only
 * well-formed requests of the right peer with the token; anything else is refused here or handed to
 * the agent. */
static int spare_child(void *userdata) {
        const Spare *s = userdata;
        unsigned lo = (unsigned) s->listen_fd, hi = (unsigned) s->handoff_fd;

        if (lo > hi) {
                unsigned t = lo;
                lo = hi;
                hi = t;
        }

        /* nothing of the agent's other clients: their connections must close when the agent closes them */
        if (lo > 3)
                close_range(3, lo - 1, 0);
        if (hi > lo + 1)
                close_range(lo + 1, hi - 1, 0);
        close_range(hi + 1, ~0U, 0);
        /* the agent's death ends its spare: nobody would answer the client the spare serves */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != s->agent)
                return -ESRCH;
        {
                char title[80];
                snprintf(title, sizeof(title), "%s: app-container agent, spare", log_get_program_name());
                process_title_set(title);
        }

        for (;;) {
                _cleanup_(request_done) Request q = REQUEST_NULL;
                _cleanup_close_ int conn = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
                struct pollfd p;
                int r;

                if (conn < 0) {
                        if (errno == EINTR || errno == ECONNABORTED)
                                continue;
                        return -errno;
                }
                if (!peer_allowed(conn))
                        continue;
                p = (struct pollfd){.fd = conn, .events = POLLIN};
                r = poll(&p, 1, SPARE_WAIT_MS);
                r = r > 0 ? request_receive(conn, s->token, s->env, s->buf, &q) : -EAGAIN;
                if (r == -EAGAIN) {
                        /* slow: the agent serves it, among its other clients */
                        if (handoff_send(s->handoff_fd, conn, false) < 0)
                                return -EPIPE;
                        continue;
                }
                if (r < 0) {
                        refuse(conn);
                        continue;
                }
                /* before the exec: the agent answers this client when we end */
                if (handoff_send(s->handoff_fd, conn, true) < 0)
                        return -EPIPE;
                return spare_exec(&q);
        }
}

/* One process serves every client: poll on the spare's messages, each client's connection and
 * each running app's pidfd (and on the listening socket when there is no spare). No process per
 * request: on a busy machine every process to schedule is a wait for a CPU. */
_Noreturn void agent_serve(int listen_fd, const AgentToken *token, char *const *env) {
        _cleanup_free_ char *buf = malloc(AGENT_REQUEST_MAX);
        _cleanup_free_ struct pollfd *p = NULL;
        Client *clients = NULL;
        size_t n_clients = 0;
        int handoff[2] = {-1, -1}, spare_pidfd = -1;
        unsigned spare_failures = 0;
        pid_t spare = 0;

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
        if (!buf)
                _exit(EXIT_FAILURE);
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, handoff) < 0)
                spare_failures = SPARE_FAILURES_MAX; /* no spares: the agent serves every request */

        for (;;) {
                struct pollfd *q = reallocarray(p, 3 + 2 * n_clients, sizeof(struct pollfd));
                size_t n = 3, j;

                if (spare == 0 && spare_failures < SPARE_FAILURES_MAX) {
                        if (process_fork(spare_child,
                                    &(Spare){getpid(), listen_fd, handoff[1], token, env, buf}, &spare) < 0)
                                spare = 0, spare_failures++;
                        else if ((spare_pidfd = (int) syscall(SYS_pidfd_open, spare, 0)) < 0) {
                                /* no pidfd: no spares (its end could not be told from its app's) */
                                (void) kill(spare, SIGKILL);
                                (void) process_wait_status(spare, &(int){0});
                                spare = 0, spare_failures = SPARE_FAILURES_MAX;
                        }
                }

                if (!q)
                        _exit(EXIT_FAILURE);
                p = q;
                /* one acceptor at a time: the spare, or the agent itself when there is none */
                p[0] = (struct pollfd){.fd = spare > 0 ? -1 : listen_fd, .events = POLLIN};
                p[1] = (struct pollfd){.fd = handoff[0], .events = POLLIN};
                p[2] = (struct pollfd){.fd = spare_pidfd, .events = POLLIN};
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
                        short conn_ev = p[3 + 2 * i].revents, app_ev = p[4 + 2 * i].revents;
                        bool keep = true;

                        if (app_ev & POLLIN) {
                                client_finish(c);
                                keep = false;
                        } else if (c->pid == 0 && (conn_ev & (POLLIN | POLLHUP | POLLERR)))
                                keep = client_start(c, token, env, buf);
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

                /* The spare's messages first: a spare that took a request sent it before its exec,
                 * so it is here by the time its end is. The new clients are polled from the next round. */
                if ((p[1].revents & POLLIN) || (p[2].revents & POLLIN))
                        for (;;) {
                                int conn;
                                bool started;

                                if (handoff_receive(handoff[0], &conn, &started) < 0)
                                        break;
                                if (started && spare > 0) {
                                        if (clients_add(&clients, &n_clients,
                                                    (Client){conn, true, spare, spare_pidfd}) < 0)
                                                _exit(EXIT_FAILURE); /* its app's client would wait forever
                                                                      */
                                        spare = 0, spare_pidfd = -1, spare_failures = 0;
                                } else if (started ||
                                        clients_add(&clients, &n_clients, (Client){conn, true, 0, -1}) < 0)
                                        safe_close(conn); /* the client takes the privileged path */
                        }
                if (spare > 0 && (p[2].revents & POLLIN)) {
                        /* the spare ended without a request: reaped, and another one made */
                        (void) process_wait_status(spare, &(int){0});
                        spare_pidfd = safe_close(spare_pidfd);
                        spare = 0;
                        spare_failures++;
                }

                if (p[0].revents & POLLIN) {
                        _cleanup_close_ int conn = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

                        if (conn < 0 && errno != EINTR && errno != ECONNABORTED && errno != EAGAIN)
                                _exit(EXIT_FAILURE);
                        /* no memory: this client gets no status and takes the privileged path */
                        if (conn >= 0 && peer_allowed(conn) &&
                                clients_add(&clients, &n_clients, (Client){conn, true, 0, -1}) >= 0)
                                TAKE_FD(conn);
                }
        }
}
