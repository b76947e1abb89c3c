#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The launcher for real: t1 (made by make-app-container in the host simulator) started as the
# unprivileged user tester, re-executing the root-owned appctl through sudo -n. TAP.
set -u
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source=lib.sh
. "${LAUNCH_TEST_LIB:-$HERE/lib.sh}"

n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
is() { n=$((n + 1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3"; printf '#   got:  %q\n#   want: %q\n' "$1" "$2"; failed=$((failed + 1)); fi; }
diag() { echo "# $*"; }
now_ms() { date +%s%3N; }

sim_start || { echo "1..0 # SKIP host simulator cannot start"; exit 0; }
trap 'sim_stop >/dev/null 2>&1' EXIT
ensure_t1 || { echo "1..0 # SKIP cannot create container t1"; exit 0; }
T1=/home/tester/.local/bin/t1
stopped() { ! in_sim machinectl show t1 >/dev/null 2>&1; }
# pid (in the sim) of the privileged half of a launcher whose command line matches a regex; the
# sim has no procps
launcher_pid() {
        in_sim sh -c 'for p in /proc/[0-9]*; do tr "\0" " " < $p/cmdline 2>/dev/null |
                grep -q "^/usr/local/libexec/app-container/appctl ++internal-name=t1 .*$1" && echo ${p#/proc/}; done' sh "$1" |
                head -1
}

# --- who, exit status, arguments -------------------------------------------------------------
t0=$(now_ms)
out=$(as_tester "$T1" ++cmd id -un 2>&1); rc=$?
diag "cold launch (start, run, stop): $(( $(now_ms) - t0 )) ms"
is "$out" tester "the app runs as tester"
is "$rc" 0 "exit status 0"
is "$(as_tester "$T1" ++cmd id -u)" 1000 "with uid 1000"
as_tester "$T1" ++cmd sh -c 'exit 7'; is "$?" 7 "NAME ++cmd sh -c 'exit 7' exits 7"
as_tester "$T1" ++cmd sh -c 'kill -TERM $$'; is "$?" 143 "a signal becomes 128+N"
want=$(printf '[%s]\n' 'a b' "it's" '"q"' '' ' lead' 'x*y')
is "$(as_tester "$T1" ++cmd printf '[%s]\n' 'a b' "it's" '"q"' '' ' lead' 'x*y')" "$want" \
        "arguments with spaces and quotes pass through unchanged"
ok "$(stopped; echo $?)" "the container is stopped after the last exit"

# --- confinement ------------------------------------------------------------------------------
is "$(as_tester "$T1" ++cmd ls /sys/class/net | tr '\n' ' ')" "lo " "network off shows only lo"
in_sim sh -c 'echo secret > /root/host-only-file; mkdir -p /srv/host-only && echo x > /srv/host-only/f'
as_tester "$T1" ++cmd sh -c 'test ! -e /srv/host-only/f && test ! -e /root/host-only-file && test ! -e /home/tester/.local/bin/t1.conf'
ok $? "host files outside the binds are not visible"
is "$(as_tester "$T1" ++cmd sh -c 'grep -E "^Cap(Prm|Eff|Bnd|Amb)|NoNewPrivs" /proc/self/status | tr -s "\t" " " | tr "\n" " "')" \
        "CapPrm: 0000000000000000 CapEff: 0000000000000000 CapBnd: 0000000000000000 CapAmb: 0000000000000000 NoNewPrivs: 1 " \
        "no capabilities in any set, no_new_privs"
is "$(as_tester "$T1" ++cmd sh -c 'ls -l /proc/self/fd | grep -c "app-container"')" 0 "no lock fd leaks into the app"

# --- X11 ----------------------------------------------------------------------------------------
# XDISPLAY: the host's Xvfb that the sim shares; XAUTHORITY: a cookie for it on the host side
if [ -n "${XDISPLAY:-}" ]; then
        as_tester "$T1" ++cmd xdpyinfo > /dev/null 2>&1
        ok $? "xdpyinfo works in the container (cookie, socket)"
        before=$(xwd -root -silent -display "$XDISPLAY" | tr -d '\000' | wc -c)
        as_tester "$T1" ++cmd xeyes -geometry 300x300+0+0 > /dev/null 2>&1 &
        bg=$!
        for _ in $(seq 50); do xwininfo -root -children -display "$XDISPLAY" 2>/dev/null | grep -q xeyes && break; sleep 0.1; done
        xwininfo -root -children -display "$XDISPLAY" 2>/dev/null | grep -q xeyes
        ok $? "xeyes from the container has a window on the display"
        sleep 0.5
        after=$(xwd -root -silent -display "$XDISPLAY" | tr -d '\000' | wc -c)
        diag "non-zero bytes in the screenshot: before $before, with xeyes $after"
        ok "$([ "$after" -gt "$before" ]; echo $?)" "a screenshot of the root window is not uniform any more"
        in_sim sh -c "kill -TERM $(launcher_pid xeyes)"; wait "$bg"
        is "$?" 143 "SIGTERM to the launcher reaches the app; its status comes back"
else
        for i in 1 2 3 4; do n=$((n + 1)); echo "ok $n # SKIP no X display"; done
fi

# --- refcount -----------------------------------------------------------------------------------
as_tester "$T1" ++cmd sleep 2 & hold=$!
for _ in $(seq 100); do in_sim machinectl show t1 >/dev/null 2>&1 && break; sleep 0.05; done
t0=$(now_ms); as_tester "$T1" ++cmd true
diag "warm launch (container running): $(( $(now_ms) - t0 )) ms"
wait "$hold"

pids=() fails=0
for i in $(seq 20); do
        as_tester "$T1" ++cmd sh -c "sleep 0.$((RANDOM % 10))$((RANDOM % 10))" & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
is "$fails" 0 "20 concurrent launches exiting in random order: none fails"
ok "$(stopped; echo $?)" "and the container is stopped afterwards"

as_tester "$T1" ++cmd sleep 60 > /dev/null 2>&1 &
victim=
for _ in $(seq 100); do
        victim=$(launcher_pid 'sleep 60') && [ -n "$victim" ] && break
        sleep 0.05
done
ok "$([ -n "$victim" ]; echo $?)" "found the privileged launcher of a running instance"
for _ in $(seq 100); do in_sim machinectl show t1 >/dev/null 2>&1 && break; sleep 0.05; done
in_sim sh -c "kill -9 $victim"
as_tester "$T1" ++cmd true
ok $? "after kill -9 of a launcher a new launch works"
ok "$(stopped; echo $?)" "and its exit leaves the container stopped"
wait

# --- status, stop --------------------------------------------------------------------------------
as_tester "$T1" ++cmd sleep 30 & hold=$!
for _ in $(seq 100); do in_sim machinectl show t1 >/dev/null 2>&1 && break; sleep 0.05; done
sleep 0.3
st=$(as_tester "$T1" ++status)
echo "$st" | grep -q 'instances: 1' && echo "$st" | grep -q 'leader:' && echo "$st" | grep -q 'app-container-t1.service'
ok $? "++status shows leader, instances, unit"
is "$(as_tester "$T1" ++stop)" "Stopped t1; ended 1 instance." "++stop says how many instances it ended"
wait "$hold"
ok "$(stopped; echo $?)" "++stop stops"

# --- the sudo path and bad configurations ---------------------------------------------------------
as_tester "$T1" ++show ++cmd true 2>&1 | grep -q 'exec /usr/bin/sudo -n -- /usr/local/libexec/app-container/appctl'
ok $? "tester is not root: the launcher re-execs the root-owned appctl with sudo -n"
as_tester "$T1" ++dry-run ++cmd true > /dev/null 2>&1
ok "$(stopped; echo $?)" "++dry-run starts nothing"

bad() { # NAME CONF-TEXT DESCRIPTION
        in_sim sh -c "cp /usr/local/libexec/app-container/appctl /home/tester/.local/bin/$1 && cat > /home/tester/.local/bin/$1.conf && chown tester: /home/tester/.local/bin/$1.conf" <<< "$2"
        err=$(as_tester "/home/tester/.local/bin/$1" ++cmd true 2>&1 >/dev/null); rc=$?
        diag "$1: $err"
        ok "$([ "$rc" = 1 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && [ -n "$err" ]; echo $?)" "$3: one clear error line"
}
head='# app-container launcher configuration'
base="directory = /var/lib/machines/t1
user = tester
uid = 1000
gid = 1000
run = true"
bad b1 "$head
directory = /var/lib/machines/t1
user = tester
uid = 1000
gid = 1000
run = \"unbalanced" "unterminated string"
bad b2 "$head
directory = /var/lib/machines/t1
user = tester
gid = 1000
run = true" "missing uid"
bad b3 "$head
${base/uid = 1000/uid = 1001}" "uid of another user"
bad b4 "$head
${base/\/var\/lib\/machines\/t1/\/home\/tester}" "rootfs not root-owned"
bad b5 "$head
$base
bind = {\"/root:/x\"}" "bind source the user cannot read"
bad b6 "$head
$base
network = wifi" "unknown network mode"
bad -b7 "$head
$base" "invalid app name"

echo "1..$n"
[ "$failed" = 0 ]
