/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The warm path's protocol: request encoding (every string survives, every lie is refused),
 * environment overrides, and a real agent on a socket in a temporary directory. */
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
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

static void test_agent(void) {
        char dir[] = "/tmp/test-agent.XXXXXX";
        _cleanup_free_ char *path = NULL;
        _cleanup_close_ int fd = -1, conn = -1;
        char *env[] = {(char *) "GREETING=hi", NULL};
        pid_t agent;
        int r, status = -1;

        ok(mkdtemp(dir) != NULL, "temporary directory");
        path = path_join(dir, AGENT_SOCKET_NAME);
        r = agent_listen(path, getuid(), getgid(), &fd);
        ok(r == 0, "agent_listen (%d)", r);
        ok(access(path, F_OK) == 0, "the socket is there");
        fflush(NULL);
        agent = fork();
        if (agent == 0)
                agent_serve(fd, env);
        fd = safe_close(fd);

        ok(agent_connect(path, &conn) == 0, "connect");
        r = agent_run(conn,
                (char *[]){(char *) "sh", (char *) "-c",
                        (char *) "[ \"$GREETING $LANG\" = 'hi C' ] && exit 5", NULL},
                (char *[]){(char *) "LANG=C", NULL}, &status);
        ok(r == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 5,
                "the app runs with the agent's environment and ours, its status comes back (r=%d, "
                "status=%d)",
                r, status);
        conn = safe_close(conn);

        ok(agent_connect(path, &conn) == 0, "connect again");
        r = agent_run(conn, (char *[]){(char *) "sh", (char *) "-c", (char *) "kill -TERM $$", NULL}, NULL,
                &status);
        ok(r == 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
                "a signal's death comes back as such");
        conn = safe_close(conn);

        ok(agent_connect(path, &conn) == 0, "connect for a malformed request");
        ok(send(conn, "1\0sh\0", 5, 0) == 5, "send a request without fds and env");
        ok(recv(conn, &status, sizeof(status), 0) == sizeof(status) && status == AGENT_NOT_RUN,
                "the agent refuses it: AGENT_NOT_RUN, nothing ran");
        conn = safe_close(conn);

        kill(agent, SIGKILL);
        waitpid(agent, NULL, 0);
        r = agent_connect(path, &conn);
        ok(r == -ECONNREFUSED, "no agent behind the socket: -ECONNREFUSED (%d)", r);
        unlink(path);
        rmdir(dir);
}

int main(void) {
        test_codec();
        test_env_override();
        test_agent();
        printf("1..%d\n", tap_n);
        return tap_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
