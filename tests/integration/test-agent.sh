#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The warm path: while t1 runs, a launch of its user goes to the agent in the container (no sudo),
# with the same exit statuses, arguments, stdin and signals as the privileged path; the agent is as
# unprivileged as the app; the last instance, warm or cold, stops the container. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1

T1=/home/tester/.local/bin/t1
SOCK=/run/app-container/1000/state/t1/agent.sock
running() { in_sim machinectl show t1 > /dev/null 2>&1; }
stopped() { for _ in $(seq 100); do running || return 0; sleep 0.1; done; return 1; }
# hold SECONDS: a cold launch that keeps t1 up; sets $hold
hold() {
        as_tester "$T1" ++cmd sleep "$1" > /dev/null 2>&1 &
        hold=$!
        for _ in $(seq 100); do in_sim test -S "$SOCK" && running && break; sleep 0.05; done
}
# the agent runs as tester in t1's user namespace: host uid SHIFT+1000
agent_pid() { in_sim pgrep -f '^t1: app-container agent$' | head -1; }
host_uid() { in_sim sh -c 'read -r _ s _ < /proc/$(machinectl show t1 -p Leader --value)/uid_map; echo $((s + $1))' sh "$1"; }
# pids of the user's launchers running CMD
launchers() { in_sim pgrep -u tester -f "^/home/tester/.local/bin/t1 \\+\\+cmd $1\$"; }

stopped
hold 90
show=$(as_tester "$T1" ++show ++cmd true 2>&1)
ok "$(grep -q 'agent: run the app' <<< "$show" && ! grep -q 'exec /usr/bin/sudo' <<< "$show"; echo $?)" \
        "a warm launch goes to the agent, without sudo"
is "$(in_sim stat -c '%A %U' "$SOCK" "$(dirname "$SOCK")" | tr '\n' ' ')" "srw------- tester drwxr-xr-x root " \
        "the agent's socket is the user's alone, in root's directory"
# another user (tester2) at tester's agent: the socket's mode refuses the connection itself, so
# nothing of tester's runs for it, and tester's next launch still gets the agent
# shellcheck disable=SC2016 # perl's own variables
is "$(as_user tester2 perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Peer => $ARGV[0]) or die "refused: $!\n"; print "connected\n"' "$SOCK" 2>&1)" \
        "refused: Permission denied" "another user connecting to the agent's socket is refused (EACCES)"
show=$(as_tester "$T1" ++show ++cmd true 2>&1)
ok "$(grep -q 'agent: run the app' <<< "$show"; echo $?)" "and the agent still serves tester"

pid=$(agent_pid)
ok "$([ -n "$pid" ]; echo $?)" "the agent runs, titled 't1: app-container agent'"
u=$(host_uid 1000)
is "$(in_sim sh -c "grep -E '^(Uid|Cap(Prm|Eff|Bnd|Amb)|NoNewPrivs)' /proc/$pid/status | tr -s '\t' ' ' | tr '\n' ' '")" \
        "Uid: $u $u $u $u CapPrm: 0000000000000000 CapEff: 0000000000000000 CapBnd: 0000000000000000 CapAmb: 0000000000000000 NoNewPrivs: 1 " \
        "the agent: uid tester (host $u in t1's user namespace), no capabilities, no_new_privs"
is "$(in_sim sh -c "ls /proc/$pid/fd | wc -l; readlink /proc/$pid/fd/0 /proc/$pid/fd/1 /proc/$pid/fd/2" | tr '\n' ' ')" \
        "4 /dev/null /dev/null /dev/null " "the agent keeps no fd of the privileged launcher: stdio on /dev/null and its socket"
is "$(in_sim sh -c "tr -d '\0' < /proc/$pid/cmdline")" "t1: app-container agent" "ps shows what it is"

# the app: a process group of its own (what the terminal sends goes to it) in the agent's session, which
# has no terminal; not a session of its own, which autogroup would make a new scheduler group
# shellcheck disable=SC2016 # expanded inside
is "$(as_tester "$T1" ++cmd sh -c 'read -r _ _ _ ppid pgrp sid tty _ < /proc/$$/stat; echo "$((pgrp == $$)) $((sid == ppid)) $tty"')" \
        "1 1 0" "an app the agent starts leads a process group of its own in the agent's session, without a controlling terminal"

# --- the scheduler slice (launcher/sched-slice.h): half for the agent, the app's as any process's ------
slice() { sed -n 's/^se\.slice *: *//p' "$1"; }
# a slice of its own for a SCHED_OTHER task from Linux 6.12 on (6.6 to 6.11 show se.slice but keep it)
def=
printf '%s\n' 6.12 "$(uname -r)" | sort -V -C && def=$(in_sim sh -c "$(declare -f slice); slice /proc/self/sched")
if [ -z "$def" ]; then
        skip "Linux before 6.12 ($(uname -r)): no slice of its own to shorten"
        skip "(nor to give back to the app)"
else
        is "$(in_sim sh -c "$(declare -f slice); slice /proc/$pid/sched")" "$((def / 2))" \
                "the agent waits for requests with half the default slice ($def ns): its wake-ups take the CPU"
        is "$(as_tester "$T1" ++cmd sh -c "$(declare -f slice); slice /proc/self/sched")" "$def" \
                "an app it starts, and what the app forks, has the default slice (given back before the exec)"
fi

# --- who may ask: the token, when the socket's mode is gone wrong -----------------------------------
# tester2 is the overflow uid in t1's user namespace, as tester is: SO_PEERCRED cannot tell them
# apart, only the token (agent.h) can. A request with our fds 0-2, then the 4-byte answer.
# shellcheck disable=SC2016 # python's own strings
AGENT_CLIENT='import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1])
req = bytes.fromhex(sys.argv[2]) + b"3\0sh\0-c\0exit 9\0" + b"0\0"
socket.send_fds(s, [req], [0, 1, 2])
print(struct.unpack("i", s.recv(4))[0])'
in_sim chmod 0666 "$SOCK"
is "$(as_user tester2 python3 -c "$AGENT_CLIENT" "$SOCK" "$(printf '%064d' 0)" < /dev/null 2>&1)" "-1" \
        "another user at a socket gone 0666, without the token: refused (AGENT_NOT_RUN), nothing ran"
token=$(in_sim od -An -tx1 -v /run/app-container/1000/state/t1/agent.token | tr -d ' \n')
is "$(as_user tester2 python3 -c "$AGENT_CLIENT" "$SOCK" "$token" < /dev/null 2>&1)" "$((9 << 8))" \
        "with the token (which only tester and root can read) the same request runs: the token is the check"
in_sim chmod 0600 "$SOCK"

# --- the front (launcher/front.h): a warm launch loads no shared library at all ------------------------
as_tester "$T1" ++cmd sleep 5 > /dev/null 2>&1 &
wl=$!
lp=
for _ in $(seq 50); do lp=$(launchers 'sleep 5' | tail -1); [ -n "$lp" ] && break; sleep 0.1; done
is "$(in_sim sh -c "grep -oE '[^/ ]*\.so[^/ ]*|appctl-main' /proc/$lp/maps | sort -u | tr '\n' ' '")" "" \
        "a warm launcher maps no shared library (not even libc: the front is static) and not the rest of appctl"
if [ -n "$def" ]; then
        is "$(in_sim sh -c "$(declare -f slice); slice /proc/$lp/sched")" "$((def / 2))" \
                "a warm launcher waits for its app's end with half the slice"
else
        skip "Linux before 6.12: no slice of its own"
fi
in_sim kill "$lp"
wait "$wl"
# as root the front runs the rest of appctl only if root alone can change it and the way to it
M=/usr/local/libexec/app-container/appctl-main
refused_line="t1: $M must be installed root-owned and not writable by others."
module_refused() { # SETUP DESC: SETUP (as root in the sim), then ++status as root, then undo it
        local out rc
        in_sim sh -c "$1"
        out=$(in_sim "$T1" ++status 2>&1)
        rc=$?
        in_sim sh -c "umount $M 2> /dev/null; umount $(dirname "$M") 2> /dev/null; rm -rf /run/act-m /run/act-d"
        is "$rc $out" "1 $refused_line" "$2"
}
module_refused "cp $M /run/act-m && chmod 0666 /run/act-m && mount --bind /run/act-m $M" \
        "root refuses an appctl-main others could have written, with one line"
module_refused "cp $M /run/act-m && chown 1000:1000 /run/act-m && mount --bind /run/act-m $M" \
        "root refuses an appctl-main owned by a user"
module_refused "mkdir /run/act-d && cp -a $(dirname "$M")/. /run/act-d && chmod 0757 /run/act-d && mount --bind /run/act-d $(dirname "$M")" \
        "root refuses an appctl-main in a directory others can write"
is "$(in_sim "$T1" ++status 2>&1 | grep -c 'must be installed')" 0 "and runs it again once it is root's alone"

# --- the same behaviour as the privileged path ------------------------------------------------------
as_tester "$T1" ++cmd sh -c 'exit 7'
is "$?" 7 "exit status passes through"
# shellcheck disable=SC2016 # expanded inside
as_tester "$T1" ++cmd sh -c 'kill -9 $$'
is "$?" 137 "a signal becomes 128+N"
# shellcheck disable=SC2016 # expanded inside
is "$(as_tester "$T1" ++cmd sh -c 'for a; do printf "[%s]" "$a"; done' sh 'a b' "c'd" '"e"' '' '$HOME' '')" \
        "[a b][c'd][\"e\"][][\$HOME][]" "arguments with spaces, quotes and empty ones pass through unchanged"
is "$(printf 'line one\nline two\n' | as_tester "$T1" ++cmd sh -c 'cat; echo done >&2' 2>&1 | tr '\n' '|')" \
        "line one|line two|done|" "stdin, stdout and stderr are the caller's"
# shellcheck disable=SC2016 # expanded inside
is "$(as_tester env TERM=vt100 LANG=C "$T1" ++cmd sh -c 'echo "$TERM $LANG $HOME $(id -un) $(pwd)"')" \
        "vt100 C /home/tester tester /home/tester" "TERM and LANG are the caller's; HOME, user and directory right"
as_tester "$T1" ++cmd no-such-program 2> /dev/null
is "$?" 127 "a missing program: 127"

# signal_to_launcher SIG STATUS DESC: SIG to a warm launcher of "sleep 30"; its exit status is STATUS
signal_to_launcher() {
        local l
        as_tester "$T1" ++cmd sleep 30 & l=$!
        sleep 0.5
        in_sim kill -"$1" "$(launchers 'sleep 30' | head -1)"
        wait "$l"
        is "$?" "$2" "$3"
}
signal_to_launcher TERM 143 "SIGTERM to the user's launcher reaches the app; its status comes back"
signal_to_launcher INT 130 "SIGINT (a terminal's Ctrl-C) too"

is "$(launch_many "$T1" 20)" 0 "20 concurrent warm launches exiting in random order: none fails"
ok "$(running; echo $?)" "and t1 still runs for the cold instance that holds it"

# --- the last instance stops the container, warm or cold ---------------------------------------------
as_tester "$T1" ++stop > /dev/null
wait "$hold"
stopped
hold 1
as_tester "$T1" ++cmd sleep 3 > /dev/null 2>&1 & warm=$!
wait "$hold"
sleep 0.5
ok "$(running; echo $?)" "the cold holder is gone, the warm instance keeps t1 up"
wait "$warm"
ok "$(stopped; echo $?)" "and its exit, the last, stops t1 (through the privileged ++internal-release)"

hold 30
as_tester "$T1" ++cmd sleep 30 > /dev/null 2>&1 &
sleep 0.5
lp=$(launchers 'sleep 30' | tail -1)
in_sim kill -9 "$lp"
as_tester "$T1" ++stop > /dev/null
wait
ok "$(stopped; echo $?)" "kill -9 of a warm launcher: ++stop still stops t1"
ok "$([ -z "$(agent_pid)" ]; echo $?)" "and the agent is gone with it"
as_tester "$T1" ++cmd true
ok $? "a stale socket after the stop: the next launch starts t1 again"
ok "$(stopped; echo $?)" "and stops it"
done_testing
