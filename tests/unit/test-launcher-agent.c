/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The warm path's protocol: request encoding (every string survives, every lie is refused),
 * environment overrides, and a real agent on a socket in a temporary directory. */
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent.h"
#include "exec-app.h"
#include "macro.h"
#include "path-util.h"
#include "strv-join.h"
#include "tap.h"

static bool decodes(const char *buf, size_t size) {
        _cleanup_strv_free_ char **argv = NULL, **env = NULL;
        return agent_request_decode(buf, size, &argv, &env) == 0;
}

static void test_codec(void) {
        char *argv[] = {(char *) "sh", (char *) "", (char *) "a b", (char *) "'\"$HOME", (char *) "", NULL};
        char *env[] = {(char *) "TERM=xterm", (char *) "LANG=", NULL};
        _cleanup_strv_free_ char **a = NULL, **e = NULL;
        _cleanup_free_ char *buf = NULL, *ja = NULL, *je = NULL;
        size_t size;

        ok(agent_request_encode(argv, env, &buf, &size) == 0, "encode");
        ok(agent_request_decode(buf, size, &a, &e) == 0, "decode");
        ja = strv_join(a, "|");
        je = strv_join(e, "|");
        is_str(ja, "sh||a b|'\"$HOME|", "argv back unchanged, empty strings too");
        is_str(je, "TERM=xterm|LANG=", "env back unchanged");

        ok(agent_request_encode((char *[]){NULL}, env, &(char *){NULL}, &size) == -EINVAL,
                "no argv: refused");
        for (size_t cut = 0; cut < size; cut++)
                if (decodes(buf, cut)) {
                        ok(false, "a request cut at %zu decodes", cut);
                        return;
                }
        ok(true, "every cut of a request is refused");
        ok(!decodes("1\0sh\0"
                    "0\0x",
                   8),
                "trailing bytes: refused");
        ok(!decodes("9\0sh\0"
                    "0\0",
                   7),
                "a count beyond the rest: refused");
        ok(!decodes("0\0"
                    "0\0",
                   4),
                "no argv: refused");
        ok(!decodes("1\0\0"
                    "0\0",
                   5),
                "an empty program name: refused");
        ok(!decodes("1\0sh\0"
                    "1\0TERM\0",
                   12),
                "env without '=': refused");
        ok(!decodes("1\0sh\0"
                    "1\0=x\0",
                   10),
                "env without a key: refused");
        ok(!decodes("-1\0sh\0"
                    "0\0",
                   8),
                "a negative count: refused");
        ok(decodes("1\0sh\0"
                   "0\0",
                   7),
                "the smallest request decodes");
}

static void test_env_override(void) {
        char *base[] = {(char *) "HOME=/home/u", (char *) "TERM=dumb", (char *) "TERMINFO=x", NULL};
        char *over[] = {(char *) "TERM=xterm", (char *) "LANG=C", NULL};
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ char *j = NULL;

        ok(env_override(base, over, &l) == 0, "env_override");
        j = strv_join(l, " ");
        is_str(j, "HOME=/home/u TERMINFO=x TERM=xterm LANG=C", "TERM replaced (not TERMINFO), LANG added");
}

/* Another uid on a socket whose mode went wrong (0666): the agent's SO_PEERCRED check must still
 * refuse it, before reading anything, so nothing runs; and the overflow uid (how a host uid looks
 * from the container's user namespace, the user's too) without the token. Needs root to be
 * another uid. */
static void test_peer_check_as(uid_t intruder_uid, bool right_token, const char *what) {
        char dir[] = "/tmp/test-agent-peer.XXXXXX";
        _cleanup_free_ char *path = NULL, *marker = NULL, *cmd = NULL;
        _cleanup_close_ int fd = -1;
        pid_t agent, intruder;
        int r, status = -1;

        AgentToken token = {{1, 2, 3}}, wrong = {{1, 2, 4}};

        if (geteuid() != 0) {
                ok(true, "# SKIP the peer check needs root (to connect as another uid)");
                return;
        }
        ok(mkdtemp(dir) != NULL && chmod(dir, 0755) == 0, "temporary directory");
        path = path_join(dir, AGENT_SOCKET_NAME);
        marker = path_join(dir, "ran");
        ok(asprintf(&cmd, "touch %s", marker) > 0, "command");
        r = agent_listen(path, getuid(), getgid(), &fd);
        ok(r == 0 && chmod(path, 0666) == 0, "agent socket, its mode gone wrong (0666)");
        fflush(NULL);
        agent = fork();
        if (agent == 0)
                agent_serve(fd, &token, (char *[]){NULL});
        fd = safe_close(fd);

        fflush(NULL);
        intruder = fork();
        if (intruder == 0) {
                int conn = -1, st = -1;

                if (setresgid(intruder_uid, intruder_uid, intruder_uid) < 0 || setgroups(0, NULL) < 0 ||
                        setresuid(intruder_uid, intruder_uid, intruder_uid) < 0)
                        _exit(10);
                if (agent_connect(path, &conn) < 0)
                        _exit(11); /* the mode lets it connect: the check under test is the peer's uid */
                r = agent_run(conn, right_token ? &token : &wrong,
                        (char *[]){(char *) "/bin/sh", (char *) "-c", cmd, NULL}, NULL, &st);
                /* refused: the connection is closed without a status */
                _exit(r < 0 ? 0 : 12);
        }
        waitpid(intruder, &status, 0);
        kill(agent, SIGKILL);
        waitpid(agent, NULL, 0);
        is_int(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
                "%s connecting to the agent gets no status back (the connection is closed)", what);
        ok(access(marker, F_OK) < 0 && errno == ENOENT, "and nothing ran for it");
        unlink(marker);
        unlink(path);
        rmdir(dir);
}

static void test_peer_check(void) {
        test_peer_check_as(1234, true, "another uid, even with the token,");
        test_peer_check_as(65534, false, "the overflow uid without the token");
}

static int count_fds(pid_t pid) {
        char p[64];
        DIR *d;
        int n = 0;

        snprintf(p, sizeof(p), "/proc/%d/fd", (int) pid);
        d = opendir(p);
        if (!d)
                return -1;
        for (struct dirent *de; (de = readdir(d));)
                n += de->d_name[0] != '.';
        closedir(d);
        return n;
}

/* A request (with the right token) carrying ONE fd instead of three: refused, and the fd does not
 * stay in the agent. */
static int send_with_one_fd(const char *path, const AgentToken *token) {
        char req[AGENT_TOKEN_SIZE + 9];
        union {
                struct cmsghdr h;
                char b[CMSG_SPACE(sizeof(int))];
        } control = {};
        struct iovec iov = {.iov_base = req, .iov_len = sizeof(req)};
        struct msghdr mh = {.msg_iov = &iov,
                .msg_iovlen = 1,
                .msg_control = &control,
                .msg_controllen = sizeof(control)};
        struct cmsghdr *cmsg = CMSG_FIRSTHDR(&mh);
        _cleanup_close_ int conn = -1;
        int fd = STDIN_FILENO, status = 0;

        memcpy(req, token->bytes, AGENT_TOKEN_SIZE);
        memcpy(req + AGENT_TOKEN_SIZE,
                "1\0true\0"
                "0\0",
                9);
        if (agent_connect(path, &conn) < 0)
                return -1;
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
        if (sendmsg(conn, &mh, 0) < 0 || recv(conn, &status, sizeof(status), 0) != sizeof(status))
                return -1;
        return status;
}

/* One agent process serves every client: a long app does not hold up another launch, a missing
 * program is 127 with the message on the client's stderr, a bad request leaks nothing. */
static void test_one_process_agent(const char *path, pid_t agent, const AgentToken *token) {
        _cleanup_close_ int conn = -1;
        int in[2], err[2], status = -1, fds_before, r;
        pid_t slow;
        char msg[256] = "";
        ssize_t n;

        /* idle, the agent keeps its stdio and the listening socket (agent_serve()) */
        fds_before = 1;
        for (int fd = 0; fd < 3; fd++)
                fds_before += fcntl(fd, F_GETFD) >= 0;
        ok(pipe2(in, O_CLOEXEC) == 0, "a pipe for the slow app's stdin");
        fflush(NULL);
        slow = fork();
        if (slow == 0) {
                int st = -1;
                _cleanup_close_ int c = -1;

                safe_close(in[1]); /* only the parent may end the app's read */
                if (dup2(in[0], STDIN_FILENO) < 0 || agent_connect(path, &c) < 0)
                        _exit(20);
                r = agent_run(c, token,
                        (char *[]){(char *) "sh", (char *) "-c", (char *) "read x; exit 3", NULL}, NULL,
                        &st);
                _exit(r == 0 && WIFEXITED(st) ? WEXITSTATUS(st) : 21);
        }
        safe_close(in[0]);
        ok(agent_connect(path, &conn) == 0, "connect while another app runs");
        r = agent_run(conn, token, (char *[]){(char *) "sh", (char *) "-c", (char *) "exit 4", NULL}, NULL,
                &status);
        ok(r == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 4,
                "a second launch finishes while the first app still runs (status %d)", status);
        conn = safe_close(conn);
        safe_close(in[1]); /* the slow app's read ends */
        waitpid(slow, &status, 0);
        is_int(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 3, "and the first app's status comes back too");

        ok(pipe2(err, O_CLOEXEC) == 0, "a pipe for stderr");
        fflush(NULL);
        slow = fork();
        if (slow == 0) {
                int st = -1;
                _cleanup_close_ int c = -1;

                safe_close(err[0]);
                if (dup2(err[1], STDERR_FILENO) < 0 || agent_connect(path, &c) < 0)
                        _exit(20);
                r = agent_run(c, token, (char *[]){(char *) "no-such-program-here", NULL}, NULL, &st);
                _exit(r == 0 && WIFEXITED(st) ? WEXITSTATUS(st) : 21);
        }
        safe_close(err[1]);
        n = read(err[0], msg, sizeof(msg) - 1);
        msg[n > 0 ? n : 0] = 0;
        safe_close(err[0]);
        waitpid(slow, &status, 0);
        is_int(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 127, "a missing program: 127");
        ok(strstr(msg, "Failed to execute no-such-program-here: No such file or directory\n") != NULL,
                "and the reason on the client's stderr: %s", msg);

        is_int(send_with_one_fd(path, token), AGENT_NOT_RUN,
                "a request with one fd instead of three is refused");
        /* the agent closes the connections just after its answers */
        for (int i = 0; i < 100 && count_fds(agent) != fds_before; i++)
                usleep(10000);
        is_int(count_fds(agent), fds_before, "no fd stays behind in the agent (%d: stdio and the socket)",
                fds_before);
}

static void test_agent(void) {
        char dir[] = "/tmp/test-agent.XXXXXX";
        _cleanup_free_ char *path = NULL;
        _cleanup_close_ int fd = -1, conn = -1;
        char *env[] = {(char *) "GREETING=hi", NULL};
        _cleanup_free_ char *token_path = NULL;
        AgentToken token, read_back = {}, wrong;
        pid_t agent;
        int r, status = -1;

        ok(mkdtemp(dir) != NULL, "temporary directory");
        path = path_join(dir, AGENT_SOCKET_NAME);
        r = agent_listen(path, getuid(), getgid(), &fd);
        ok(r == 0, "agent_listen (%d)", r);
        ok(access(path, F_OK) == 0, "the socket is there");
        {
                struct stat st = {};
                int q = stat(path, &st);

                ok(q == 0 && S_ISSOCK(st.st_mode) && (st.st_mode & 07777) == 0600,
                        "the socket is 0600: nobody else may connect (mode %04o)",
                        (unsigned) (st.st_mode & 07777));
        }
        token_path = path_join(dir, AGENT_TOKEN_NAME);
        r = agent_token_new(token_path, getuid(), getgid(), &token);
        ok(r == 0, "agent_token_new (%d)", r);
        {
                struct stat st = {};
                ok(stat(token_path, &st) == 0 && (st.st_mode & 07777) == 0600, "the token file is 0600");
        }
        ok(agent_token_read(token_path, &read_back) == 0 && memcmp(&token, &read_back, sizeof(token)) == 0,
                "the token reads back");
        wrong = token;
        wrong.bytes[AGENT_TOKEN_SIZE - 1] ^= 1;
        fflush(NULL);
        agent = fork();
        if (agent == 0)
                agent_serve(fd, &token, env);
        fd = safe_close(fd);

        ok(agent_connect(path, &conn) == 0, "connect with a wrong token");
        r = agent_run(conn, &wrong, (char *[]){(char *) "sh", (char *) "-c", (char *) "exit 5", NULL}, NULL,
                &status);
        is_int(r, -EPIPE, "a wrong token (its last bit) is refused: nothing ran");
        conn = safe_close(conn);

        ok(agent_connect(path, &conn) == 0, "connect");
        r = agent_run(conn, &token,
                (char *[]){(char *) "sh", (char *) "-c",
                        (char *) "[ \"$GREETING $LANG\" = 'hi C' ] && exit 5", NULL},
                (char *[]){(char *) "LANG=C", NULL}, &status);
        ok(r == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 5,
                "the app runs with the agent's environment and ours, its status comes back (r=%d, "
                "status=%d)",
                r, status);
        conn = safe_close(conn);

        ok(agent_connect(path, &conn) == 0, "connect again");
        r = agent_run(conn, &token, (char *[]){(char *) "sh", (char *) "-c", (char *) "kill -TERM $$", NULL},
                NULL, &status);
        ok(r == 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
                "a signal's death comes back as such");
        conn = safe_close(conn);

        ok(agent_connect(path, &conn) == 0, "connect for a malformed request");
        ok(send(conn, "1\0sh\0", 5, 0) == 5, "send a request without fds and env");
        ok(recv(conn, &status, sizeof(status), 0) == sizeof(status) && status == AGENT_NOT_RUN,
                "the agent refuses it: AGENT_NOT_RUN, nothing ran");
        conn = safe_close(conn);

        test_one_process_agent(path, agent, &token);

        kill(agent, SIGKILL);
        waitpid(agent, NULL, 0);
        r = agent_connect(path, &conn);
        ok(r == -ECONNREFUSED, "no agent behind the socket: -ECONNREFUSED (%d)", r);
        unlink(path);
        unlink(token_path);
        rmdir(dir);
}

int main(void) {
        test_codec();
        test_env_override();
        test_agent();
        test_peer_check();
        printf("1..%d\n", tap_n);
        return tap_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
