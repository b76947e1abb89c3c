#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The app's system call filter and its terminal, in a real container: try-syscall (tests/try-syscall.c,
# static) runs as the app in t1, through the cold path and the warm path (the agent), and every call
# of tests/try-syscall.expected fails with exactly the errno listed there (the calls an app needs
# succeed); with userns = true and with nested = true, user namespaces and mounts inside them stay
# allowed (and `unshare -Ur true`, which fails without the grant, works), the rest stays refused. In a terminal (script), TIOCSTI cannot
# push keystrokes into the shell that started the app, while Ctrl-C still ends the app and it still
# reads the terminal. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1 "$@"

BIN=/home/tester/.local/bin
T1=$BIN/t1
TRY=/usr/local/bin/try-syscall # inside t1
SOCK=/run/app-container/t1/agent.sock
NOPTY=/etc/sudoers.d/zz-test-seccomp
EXPECTED=$SRC/tests/try-syscall.expected
running() { in_sim machinectl show t1 > /dev/null 2>&1; }
stop_t1() {
        as_tester "$T1" ++stop > /dev/null 2>&1
        for _ in $(seq 100); do running || return 0; sleep 0.1; done
}
cleanup() {
        [ -n "${hold:-}" ] && kill "$hold" 2> /dev/null
        in_sim sed -i '/^nested = true$/d; /^userns = true$/d' "$BIN/t1.conf" 2> /dev/null
        in_sim rm -f "$NOPTY" 2> /dev/null
        in_sim rm -f "/var/lib/machines/t1$TRY" 2> /dev/null
        _lib_cleanup
}
trap cleanup EXIT

if ! cp "$BUILD_DIR/tests/try-syscall" "$SHARE/try-syscall" ||
        ! in_sim install -m 0755 "$SHARE/try-syscall" "/var/lib/machines/t1$TRY"; then
        echo "Bail out! cannot copy try-syscall into t1"
        exit 1
fi
mapfile -t NAMES < <(awk '!/^#/ && NF == 4 {print $1}' "$EXPECTED")

# check_calls LABEL COLUMN: try-syscall with every call as the app (a cold or warm launch as it comes)
check_calls() {
        local out name want
        out=$(as_tester "$T1" ++cmd "$TRY" --userns "${NAMES[@]}" 2>&1)
        while read -r name want; do
                is "$(grep -m1 "^$name " <<< "$out")" "$name $want" "$1: $name: $want"
        done < <(awk -v c="$2" '!/^#/ && NF == 4 {print $1, $c}' "$EXPECTED")
}
# hold: a cold launch that keeps t1 up with its agent; sets $hold
hold() {
        as_tester "$T1" ++cmd sleep 120 > /dev/null 2>&1 &
        hold=$!
        for _ in $(seq 100); do in_sim test -S "$SOCK" && running && break; sleep 0.05; done
}
warm() { grep -q 'agent: run the app' <<< "$(as_tester "$T1" ++show ++cmd true 2>&1)"; }

# in_terminal DELAY INPUT CMD: CMD in a terminal of its own (script), as tester, typing INPUT (printf
# format) DELAY seconds after the start; prints what the terminal showed
in_terminal() {
        { sleep "$1"; printf '%b' "$2"; sleep 3; } | as_tester timeout 30 script -qec "$3" /dev/null 2>&1 | tr -d '\r'
}

# --- the calls, cold and warm -------------------------------------------------------------------------
stop_t1
check_calls cold 2
hold
ok "$(warm; echo $?)" "a second launch goes to the agent"
check_calls warm 2

# --- the terminal ---------------------------------------------------------------------------------------
# the attack: the app types a command into the terminal it was started from; the shell that started it
# reads its next line after the app exits
probe="$T1 ++cmd $TRY inject; read -r -t 2 line; echo \"next line: [\$line]\""
# terminal_checks LABEL: the attack, a read from the terminal and Ctrl-C, as the launch comes
terminal_checks() {
        local out t0
        out=$(in_terminal 0 '' "bash -c '$probe'")
        diag "$1: $(tr '\n' ' ' <<< "$out")"
        ok "$(grep -q '^inject EPERM$' <<< "$out" && grep -q '^next line: \[\]$' <<< "$out"; echo $?)" \
                "$1: TIOCSTI on the caller's terminal is refused, nothing is typed into the shell after the app"
        out=$(in_terminal 1 'hello\n' "$T1 ++cmd sh -c 'read x; echo \"read: [\$x]\"'")
        ok "$(grep -q '^read: \[hello\]$' <<< "$out"; echo $?)" "$1: an interactive app reads a line from the terminal"
        # field 7 of stat: the controlling terminal (0: none)
        out=$(in_terminal 0 '' "$T1 ++cmd sh -c 'echo \"tty_nr: \$(cut -d\" \" -f7 /proc/\$\$/stat)\"'")
        ok "$(grep -q '^tty_nr: 0$' <<< "$out"; echo $?)" "$1: the app has no controlling terminal"
        t0=$(now_ms)
        out=$(in_terminal 4 '\003' "bash -c '$T1 ++cmd sleep 100; echo \"status \$?\"'")
        ok "$(grep -q 'status 130$' <<< "$out" && [ $(($(now_ms) - t0)) -lt 20000 ]; echo $?)" \
                "$1: Ctrl-C in the terminal ends '++cmd sleep 100' with status 130"
        ok "$(! in_sim pgrep -f '^sleep 100$' > /dev/null; echo $?)" "$1: and the app is gone"
}
terminal_checks warm
kill "$hold" 2> /dev/null
wait "$hold" 2> /dev/null
hold=
# cold: sudo gives appctl a pty of its own (Debian's use_pty) or, without use_pty, the caller's terminal,
# which the issue's attack typed into
for pty in use_pty '!use_pty'; do
        in_sim sh -c "echo 'Defaults:tester $pty' > $NOPTY && chmod 0440 $NOPTY"
        stop_t1
        terminal_checks "cold, sudo $pty"
done
in_sim rm -f "$NOPTY"

# --- userns = true: user namespaces (a browser's own sandbox), nothing else ------------------------------
# unshare_ur LABEL WANT: `unshare -Ur true` (util-linux: a user namespace, root in it through the
# user's own uid map) as the app; WANT: works or fails
unshare_ur() {
        local out got=fails
        out=$(as_tester "$T1" ++cmd unshare -Ur true 2>&1) && got=works
        diag "$1: unshare -Ur true: $got ${out:+($(tr "\n" " " <<< "$out"))}"
        is "$got" "$2" "$1: unshare -Ur true $2"
}
stop_t1
unshare_ur "no grant" fails
in_sim sh -c "echo 'userns = true' >> $BIN/t1.conf"
stop_t1
check_calls userns 3
unshare_ur userns works
# (the output in a variable: `| grep -q` under pipefail fails when grep leaves before the writer ends)
out=$(as_tester "$T1" ++status 2>&1)
ok "$(grep -q '^  grants: .*userns' <<< "$out"; echo $?)" "++status lists the userns grant"
out=$(as_tester "$T1" ++dry-run 2>&1)
ok "$(grep -q 'system call filter: .*(userns = true)' <<< "$out"; echo $?)" "++dry-run names the userns filter"
grep -q 'system call filter: ' <<< "$out" || diag "$(tail -5 <<< "$out")"
# nothing else changes: no capabilities to gain (nested's CAP_SETUID, CAP_SETGID), no_new_privs on
is "$(as_tester "$T1" ++cmd awk '/^(NoNewPrivs|CapBnd|CapPrm):/ {printf "%s%s ", $1, $2}' /proc/self/status 2>&1)" \
        "CapPrm:0000000000000000 CapBnd:0000000000000000 NoNewPrivs:1 " \
        "userns: no_new_privs stays on, the bounding set stays empty"
stop_t1
in_sim sed -i '/^userns = true$/d' "$BIN/t1.conf"

# --- nested = true: the same filter, but user namespaces stay allowed -----------------------------------
stop_t1
in_sim sh -c "echo 'nested = true' >> $BIN/t1.conf"
check_calls nested 4
unshare_ur nested works
stop_t1
in_sim sed -i '/^nested = true$/d' "$BIN/t1.conf"
done_testing
