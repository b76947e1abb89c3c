/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* The warm path. The launcher that starts a container also leaves in it an agent: a process of the
 * user's, as unprivileged as the app (dropped uid and gids, no capabilities, no_new_privs), that
 * listens on a socket in the container's root-owned state directory on the host, mode 0600 and
 * owned by the user. A later launch of the same user finds the container running, connects and
 * hands over argv, TERM and LANG, and its stdin, stdout and stderr; the agent runs the app and
 * sends back its wait status. No privilege step is needed for that: the user could run the same
 * command in the container through the privileged path anyway. The agent dies with the container.
 *
 * Who may ask: the socket's mode lets only the user (and root) connect. The agent runs in the
 * container's user namespace, where SO_PEERCRED shows every host uid but the container's as the
 * overflow uid, so the peer's uid alone cannot tell the user from anyone else: each request starts
 * with a token of AGENT_TOKEN_SIZE random bytes that root gave the agent in memory and wrote beside
 * the socket (AGENT_TOKEN_NAME, 0600, the user's, in root's directory), which only the user and
 * root can read.
 *
 * Protocol (SOCK_SEQPACKET): the client sends one request, the token then what agent_request_encode() makes,
 * with SCM_RIGHTS for its fds 0, 1, 2; then any number of 4-byte signal numbers to forward; the agent
 * answers with one 4-byte wait status when the app has ended, or AGENT_NOT_RUN at once when it
 * could not start it (a malformed request, no memory, no process). */

#define AGENT_SOCKET_NAME "agent.sock"
#define AGENT_TOKEN_NAME "agent.token"
#define AGENT_TOKEN_SIZE 32
#define AGENT_REQUEST_MAX (256u * 1024u)
#define AGENT_NOT_RUN (-1) /* never a wait status */

/* "N\0" and the N strings of ARGV (N > 0), then the same for ENV (KEY=VALUE), each string with its
 * NUL, so that empty arguments pass too. */
int agent_request_encode(char *const *argv, char *const *env, char **ret, size_t *ret_size);
int agent_request_decode(const char *buf, size_t size, char ***ret_argv, char ***ret_env);

/* ENV with every KEY=VALUE of OVERRIDES replacing the same KEY (or added). */
int env_override(char *const *env, char *const *overrides, char ***ret);

typedef struct AgentToken {
        unsigned char bytes[AGENT_TOKEN_SIZE];
} AgentToken;

/* As root: the listening socket at PATH for UID (chown, 0600), replacing a stale one. */
int agent_listen(const char *path, uid_t uid, gid_t gid, int *ret_fd);

/* What the starting launcher hands the agent: the listening socket and the token. */
typedef struct AgentListen {
        int fd;
        AgentToken token;
} AgentListen;

/* As root: a new random token in *RET, written to PATH (0600, UID's, replacing a stale one). */
int agent_token_new(const char *path, uid_t uid, gid_t gid, AgentToken *ret);

/* The client: the token at PATH (read with the caller's own rights). */
int agent_token_read(const char *path, AgentToken *ret);

/* In the container, as the user, after the drop: serves LISTEN_FD until the container ends. ENV is
 * the app's environment as the starting launcher made it. Closes every other fd first. */
_Noreturn void agent_serve(int listen_fd, const AgentToken *token, char *const *env);

/* The client: connects to the agent at PATH (the caller checked that its directory is root-owned).
 * -ENOENT or -ECONNREFUSED: there is no agent, take the privileged path. */
int agent_connect(const char *path, int *ret_fd);

/* Sends the request and our fds 0-2 on FD, forwards SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGUSR1 and
 * SIGUSR2 to the app, and waits for its wait status. -EPIPE: the agent went away before it took the
 * request, or refused it (nothing ran); -ECONNRESET: it went away while the app ran. */
int agent_run(int fd, const AgentToken *token, char *const *argv, char *const *env, int *ret_wait_status);
