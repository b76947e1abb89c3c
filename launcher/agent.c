/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
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
#include "log.h"
#include "macro.h"
#include "parse-util.h"
#include "path-util.h"
#include "process.h"

static const int forwarded[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2};

bool agent_signal_is_forwarded(int sig) {
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
bool agent_token_equal(const AgentToken *a, const unsigned char *b) {
        unsigned char d = 0;

        for (size_t i = 0; i < sizeof(a->bytes); i++)
                d |= (unsigned char) (a->bytes[i] ^ b[i]);
        return d == 0;
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
