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
static int refuse(int conn) {
        int not_run = AGENT_NOT_RUN;

        (void) send(conn, &not_run, sizeof(not_run), MSG_NOSIGNAL);
        return EXIT_FAILURE;
}

typedef struct AppRequest {
        const int *fds; /* the client's stdin, stdout, stderr */
        char *const *argv;
        char *const *env;
} AppRequest;

/* In the app's child of the handler; returns only on failure. */
static int app_child(void *userdata) {
        const AppRequest *a = userdata;
        sigset_t none;
        int r;

        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_DFL);
        /* a session of its own: the client forwards what its terminal sends */
        if (setsid() < 0 || dup2(a->fds[0], STDIN_FILENO) < 0 || dup2(a->fds[1], STDOUT_FILENO) < 0 ||
                dup2(a->fds[2], STDERR_FILENO) < 0)
                return 126;
        close_range(3, ~0U, 0);
        {
                const char *missing = NULL;

                /* the warm path's apps fall back as the cold path's (locale-fallback.h) */
                if (locale_env_fallback((char **) a->env, &missing) >= 0 && missing)
                        log_warning("The locale %s is not available in the container; the app uses C.UTF-8 "
                                    "(install the locales package there and generate it).",
                                missing);
        }
        execvpe(a->argv[0], a->argv, a->env);
        r = negative_errno();
        log_error_errno(r, "Failed to execute %s: %m", a->argv[0]);
        return r; /* 127 for -ENOENT, else 126 */
}

/* One request, in a process of its own: run the app with the client's fds, relay signals, report. */
static int handle(int conn, const AgentToken *token, char *const *base_env) {
        _cleanup_free_ char *buf = malloc(AGENT_REQUEST_MAX);
        _cleanup_strv_free_ char **argv = NULL, **overrides = NULL, **env = NULL;
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
        int fds[3] = {-1, -1, -1}, pidfd, status = 0;
        ssize_t n;
        pid_t pid;

        if (!buf)
                return refuse(conn);
        n = recvmsg(conn, &mh, MSG_CMSG_CLOEXEC);
        cmsg = n > 0 ? CMSG_FIRSTHDR(&mh) : NULL;
        if (!cmsg || cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS ||
                cmsg->cmsg_len != CMSG_LEN(sizeof(fds)) || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))
                return refuse(conn); /* received fds, if any, close with us */
        memcpy(fds, CMSG_DATA(cmsg), sizeof(fds));
        /* only who could read the token file asks: the user (root needs no agent) */
        if ((size_t) n < sizeof(token->bytes) || !token_equal(token, (const unsigned char *) buf))
                return refuse(conn);
        if (agent_request_decode(
                    buf + sizeof(token->bytes), (size_t) n - sizeof(token->bytes), &argv, &overrides) < 0 ||
                env_override(base_env, overrides, &env) < 0)
                return refuse(conn);

        if (process_fork(app_child, &(AppRequest){fds, argv, env}, &pid) < 0)
                return refuse(conn);
        for (size_t i = 0; i < ELEMENTSOF(fds); i++)
                safe_close(fds[i]);

        pidfd = (int) syscall(SYS_pidfd_open, pid, 0);
        if (pidfd >= 0) {
                struct pollfd p[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = conn, .events = POLLIN}};

                while (!(p[0].revents & POLLIN)) {
                        if (poll(p, 2, -1) < 0) {
                                if (errno == EINTR)
                                        continue;
                                break;
                        }
                        if (p[1].revents & POLLIN) {
                                int sig;
                                if (recv(conn, &sig, sizeof(sig), 0) == (ssize_t) sizeof(sig)) {
                                        /* what a terminal sends goes to the app's process group */
                                        if (signal_is_forwarded(sig))
                                                (void) kill(
                                                        sig == SIGINT || sig == SIGQUIT ? -pid : pid, sig);
                                } else
                                        p[1].fd = -1; /* the client is gone; the app runs on */
                        } else if (p[1].revents & (POLLHUP | POLLERR))
                                p[1].fd = -1;
                }
                safe_close(pidfd);
        }
        if (process_wait_status(pid, &status) < 0)
                return EXIT_FAILURE;
        /* the raw wait status: the client exits the way the app did */
        (void) send(conn, &status, sizeof(status), MSG_NOSIGNAL);
        return EXIT_SUCCESS;
}

typedef struct Handler {
        int listen_fd;
        int conn;
        const AgentToken *token;
        char *const *env;
} Handler;

static int handler_child(void *userdata) {
        const Handler *h = userdata;

        safe_close(h->listen_fd);
        signal(SIGCHLD, SIG_DFL); /* handle() waits for its app */
        return handle(h->conn, h->token, h->env);
}

_Noreturn void agent_serve(int listen_fd, const AgentToken *token, char *const *env) {
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
        signal(SIGCHLD, SIG_IGN); /* the kernel reaps finished handlers */
        signal(SIGPIPE, SIG_IGN);

        for (;;) {
                struct ucred cred;
                socklen_t len = sizeof(cred);
                int conn = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
                pid_t pid;

                if (conn < 0) {
                        if (errno == EINTR || errno == ECONNABORTED)
                                continue;
                        _exit(EXIT_FAILURE);
                }
                /* The socket is 0600 already; the peer check is for a file mode gone wrong: no other
                 * uid of the container (its root above all). In a user namespace every host uid
                 * shows as the overflow uid, the user's too; the token tells them apart. */
                if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 ||
                        (cred.uid != getuid() && cred.uid != OVERFLOW_UID)) {
                        safe_close(conn);
                        continue;
                }
                /* never waited for: SIGCHLD is ignored, the kernel reaps it; a failed fork drops the
                 * connection, and the client takes the privileged path */
                (void) process_fork(handler_child, &(Handler){listen_fd, conn, token, env}, &pid);
                safe_close(conn);
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
