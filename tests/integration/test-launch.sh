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
        # the README's picture (doc/screenshot-xeyes.png) is this one
        png=$ACT_TEST_DIR/screenshot-xeyes.png
        xwd -root -silent -display "$XDISPLAY" | xwdtopnm 2> /dev/null | pnmtopng > "$png" 2> /dev/null
        ok "$([ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && [ "$(stat -c %s "$png")" -gt 1000 ]; echo $?)" \
                "and saved as a PNG: $png"
        in_sim sh -c "kill -TERM $(launcher_pid xeyes)"; wait "$bg"
        is "$?" 143 "SIGTERM to the launcher reaches the app; its status comes back"
else
        for _ in 1 2 3 4 5; do n=$((n + 1)); echo "ok $n # SKIP no X display"; done
fi

# --- refcount -----------------------------------------------------------------------------------
as_tester "$T1" ++cmd sleep 2 & hold=$!
for _ in $(seq 100); do in_sim machinectl show t1 >/dev/null 2>&1 && break; sleep 0.05; done
t0=$(now_ms); as_tester "$T1" ++cmd true
diag "warm launch (container running): $(( $(now_ms) - t0 )) ms"
wait "$hold"

is "$(launch_many "$T1" 20)" 0 "20 concurrent launches exiting in random order: none fails"
ok "$(stopped; echo $?)" "and the container is stopped afterwards"

as_tester "$T1" ++cmd sleep 60 > /dev/null 2>&1 &
victim=
for _ in $(seq 100); do
        victim=$(launcher_pid 'sleep 60') && [ -n "$victim" ] && break
        sleep 0.05
done
ok "$([ -n "$victim" ]; echo $?)" "found the privileged launcher of a running instance"
# its app runs: the start is over (a stop asked for during the boot waits for the boot)
for _ in $(seq 200); do in_sim pgrep -x sleep >/dev/null 2>&1 && break; sleep 0.05; done
in_sim sh -c "kill -9 $victim"
as_tester "$T1" ++cmd true
ok $? "after kill -9 of a launcher a new launch works"
ok "$(stopped; echo $?)" "and its exit leaves the container stopped"
wait

# killed while the container boots: the next exit stops it, in seconds (TimeoutStopSec), not 90
as_tester "$T1" ++cmd sleep 60 > /dev/null 2>&1 &
victim=
for _ in $(seq 200); do
        victim=$(launcher_pid 'sleep 60') && [ -n "$victim" ] && in_sim machinectl show t1 >/dev/null 2>&1 && break
        sleep 0.02
done
in_sim sh -c "kill -9 $victim"
t0=$(now_ms)
as_tester "$T1" ++cmd true > /dev/null 2>&1
ok "$(stopped && [ $(($(now_ms) - t0)) -lt 30000 ]; echo $?)" \
        "a launcher killed during the boot: the next launch and exit stop t1 within 30 s ($(($(now_ms) - t0)) ms)"
wait

# --- status, stop --------------------------------------------------------------------------------
as_tester "$T1" ++cmd sleep 30 & hold=$!
for _ in $(seq 100); do in_sim machinectl show t1 >/dev/null 2>&1 && break; sleep 0.05; done
st=$(as_tester "$T1" ++status)
rc=0
for want in 'instances: 1' 'leader:' 'app-container-t1.service'; do grep -q "$want" <<< "$st" || rc=1; done
ok $rc "++status shows leader, instances, unit (the instance counts from before the boot ends)"
[ "$rc" = 0 ] || diag "$st"
is "$(as_tester "$T1" ++stop)" "Stopped t1; ended 1 instance." "++stop says how many instances it ended"
wait "$hold"
ok "$(stopped; echo $?)" "++stop stops"

# --- the sudo path and bad configurations ---------------------------------------------------------
out=$(as_tester "$T1" ++show ++cmd true 2>&1)
grep -q 'exec /usr/bin/sudo -n -- /usr/local/libexec/app-container/appctl' <<< "$out"
ok $? "tester is not root: the launcher re-execs the root-owned appctl with sudo -n"
as_tester "$T1" ++dry-run ++cmd true > /dev/null 2>&1
ok "$(stopped; echo $?)" "++dry-run starts nothing"

bad() { # NAME CONF-TEXT DESCRIPTION ERROR-LINE: refused with exactly ERROR-LINE, nothing started
        in_sim sh -c "cp /usr/local/libexec/app-container/appctl /home/tester/.local/bin/$1 && cat > /home/tester/.local/bin/$1.conf && chown tester: /home/tester/.local/bin/$1.conf" <<< "$2"
        err=$(as_tester "/home/tester/.local/bin/$1" ++cmd true 2>&1 >/dev/null); rc=$?
        is "$rc $err" "1 $4" "$3: one clear error line"
        ok "$(in_sim sh -c "machinectl list --no-legend | grep -q '^${1#-} '"; [ $? = 1 ]; echo $?)" "$3: no container started"
}
head='# app-container launcher configuration'
base="directory = /var/lib/machines/t1
user = tester
uid = 1000
gid = 1000
run = true"
B=/home/tester/.local/bin
bad b1 "$head
directory = /var/lib/machines/t1
user = tester
uid = 1000
gid = 1000
run = \"unbalanced" "unterminated string" "b1: $B/b1.conf:7: premature end of file"
bad b2 "$head
directory = /var/lib/machines/t1
user = tester
gid = 1000
run = true" "missing uid" "b2: $B/b2.conf:5: missing required key 'uid'"
bad b3 "$head
${base/uid = 1000/uid = 1001}" "uid of another user" "b3: $B/b3.conf is for uid 1001 (tester), but you are uid 1000."
bad b4 "$head
${base/\/var\/lib\/machines\/t1/\/home\/tester}" "rootfs outside the machines directory" \
        "b4: $B/b4.conf: directory /home/tester is not in /var/lib/machines, where make-app-container makes root file systems"
bad b5 "$head
$base
bind = {\"/root:/mnt/x\"}" "bind source the user cannot read" \
        "b5: $B/b5.conf: bind /root: /root is not readable and writable by tester: Permission denied"
bad b6 "$head
$base
network = wifi" "unknown network mode" "b6: $B/b6.conf:7: network must be one of off, on, nat, separate, got 'wifi'"
bad -b7 "$head
$base" "invalid app name" \
        "-b7: '-b7' is not a valid app name: the launcher's file name must be a valid host name of at most 64 characters (letters, digits, '-', '_', '.')."
# rootfses in the machines directory that fail one rule each (root's recipe in each, so that it is
# the rule named that refuses it): the user's own (with a valid etc/passwd, so only the owner rule
# refuses it), a group-writable one, one whose etc/passwd gives tester another uid, a symlink; and /
# shellcheck disable=SC2016 # expanded inside
in_sim sh -c 'set -e; M=/var/lib/machines; rm -rf $M/bu $M/bx $M/by $M/bz
        for d in bu bx by; do mkdir -p $M/$d/etc $M/$d/var/lib/app-container; echo "name $d" > $M/$d/var/lib/app-container/recipe; done
        cp $M/t1/etc/passwd $M/t1/etc/group $M/bu/etc/ && chown -R tester: $M/bu
        cp $M/t1/etc/passwd $M/bx/etc/ && chmod 775 $M/bx
        sed "s/^tester:x:1000:1000:/tester:x:1005:1005:/" $M/t1/etc/passwd > $M/by/etc/passwd
        ln -s t1 $M/bz'
bad b8 "$head
${base/\/var\/lib\/machines\/t1/\/var\/lib\/machines\/bu}" "a rootfs the user owns, with a valid etc/passwd" \
        "b8: $B/b8.conf: directory /var/lib/machines/bu: /var/lib/machines/bu must be owned by root and not writable by group or others (owner 1000, mode 0755)"
bad b9 "$head
${base/\/var\/lib\/machines\/t1/\/var\/lib\/machines\/bx}" "a group-writable rootfs" \
        "b9: $B/b9.conf: directory /var/lib/machines/bx: /var/lib/machines/bx must be owned by root and not writable by group or others (owner 0, mode 0775)"
bad b10 "$head
${base/\/var\/lib\/machines\/t1/\/var\/lib\/machines\/by}" "a rootfs whose etc/passwd has tester with another uid" \
        "b10: $B/b10.conf: directory /var/lib/machines/by: its etc/passwd has no user tester with uid 1000"
bad b11 "$head
${base/\/var\/lib\/machines\/t1/\/var\/lib\/machines\/bz}" "a rootfs path through a symlink" \
        "b11: $B/b11.conf: directory /var/lib/machines/bz is not a directory (a symlink?)"
bad b12 "$head
${base/\/var\/lib\/machines\/t1/\/}" "the host's root directory" \
        "b12: $B/b12.conf: directory / is not in /var/lib/machines, where make-app-container makes root file systems"
# a directory only root's group may read: the check runs with tester's groups, not root's
in_sim sh -c 'rm -rf /srv/rootgroup && mkdir -m 750 /srv/rootgroup'
bad b13 "$head
$base
bind = {\"/srv/rootgroup:/mnt/rg:ro\"}" "bind source readable through root's group only" \
        "b13: $B/b13.conf: bind /srv/rootgroup: /srv/rootgroup is not readable by tester: Permission denied"

# ++rollback puts back only a snapshot root made: not a directory the user owns (t6: a tiny rootfs)
# shellcheck disable=SC2016 # expanded inside
in_sim sh -c 'set -e; M=/var/lib/machines; rm -rf $M/t6 $M/t6.snapshot $M/t6.rolled-back
        mkdir -p $M/t6/etc $M/t6.snapshot/etc $M/t6/var/lib/app-container && cp $M/t1/etc/passwd $M/t6/etc/ && touch $M/t6/etc/original
        echo "name t6" > $M/t6/var/lib/app-container/recipe
        cp $M/t1/etc/passwd $M/t6.snapshot/etc/ && chown -R tester: $M/t6.snapshot'
in_sim sh -c "cp /usr/local/libexec/app-container/appctl $B/t6 && cat > $B/t6.conf && chown tester: $B/t6.conf" <<< "$head
${base/\/var\/lib\/machines\/t1/\/var\/lib\/machines\/t6}"
err=$(as_tester "$B/t6" ++rollback 2>&1); rc=$?
is "$rc $err" "1 t6: Failed to put /var/lib/machines/t6.snapshot in place of /var/lib/machines/t6: Operation not permitted" \
        "++rollback to a snapshot the user owns: refused"
ok "$(in_sim test -e /var/lib/machines/t6/etc/original && in_sim test -d /var/lib/machines/t6.snapshot; echo $?)" \
        "and nothing moved"
in_sim sh -c 'cd /var/lib/machines && rm -rf /srv/rootgroup bu bx by bz t6 t6.snapshot t6.rolled-back'

# --- gui-private: a nested Xephyr -------------------------------------------------------------------
# Xephyr runs in the sim (the "host"), as tester, on the host display; it needs Xephyr in the sim and
# must create its socket in /tmp/.X11-unix, which the sim binds read-only from the real host: remount
# it writable in the sim (the socket appears on the real host too, where xwininfo sees the window).
GP_CHECKS=10
gp_skip=
if [ -z "${XDISPLAY:-}" ]; then
        gp_skip="no X display"
elif ! in_sim sh -c 'command -v Xephyr' > /dev/null 2>&1; then
        gp_skip="no Xephyr in the sim"
elif ! in_sim sh -c 'mount -o remount,bind,rw /tmp/.X11-unix && touch /tmp/.X11-unix/.probe && rm /tmp/.X11-unix/.probe' 2> /dev/null; then
        gp_skip="/tmp/.X11-unix is not writable in the sim"
fi
if [ -n "$gp_skip" ]; then
        for _ in $(seq "$GP_CHECKS"); do n=$((n + 1)); echo "ok $n # SKIP gui-private: $gp_skip"; done
else
        TP=/home/tester/.local/bin/tp
        in_sim sh -c "cp /usr/local/libexec/app-container/appctl $TP && cat > $TP.conf && chown tester: $TP.conf" <<EOC
$head
$base
gui-private = true
window-manager = "xeyes -geometry 100x100+10+10"
network = off
privilege = sudo
EOC
        # as root acting for tester (tester's dry run cannot read the root-only rootfs checks)
        out=$(in_sim env DISPLAY="$XDISPLAY" XAUTHORITY="$(as_tester printenv XAUTHORITY)" "$TP" ++dry-run ++cmd true 2>&1)
        echo "$out" | grep -q 'would: D-Bus .*StartTransientUnit("app-container-xephyr@1000-tp.service", "fail") Type=exec User=1000 Group=1000' &&
                echo "$out" | grep -q 'ExecStart=/usr/bin/Xephyr :[0-9]* -auth /run/app-container/1000/state/tp/Xauthority -nolisten tcp .*-no-host-grab' &&
                echo "$out" | grep -q 'would: setns.*detached' && ! echo "$out" | grep -q 'Failed'
        ok $? "gui-private ++dry-run shows the Xephyr unit, its command line and the window manager"
        in_sim sh -c '! systemctl is-active -q app-container-xephyr@1000-tp.service && test ! -e /run/app-container/1000/state/tp/Xauthority'
        ok $? "and starts nothing"

        gp_display=$(as_tester "$TP" ++cmd sh -c 'echo $DISPLAY' 2> /dev/null)
        diag "gui-private display: $gp_display (host display $XDISPLAY)"
        ok "$([[ "$gp_display" =~ ^:[0-9]+$ ]] && [ "$gp_display" != "$XDISPLAY" ]; echo $?)" \
                "the app's DISPLAY is a display of its own, not the host's"
        as_tester "$TP" ++cmd sh -c "xdpyinfo > /dev/null && test ! -e /tmp/.X11-unix/X${XDISPLAY#:}" > /dev/null 2>&1
        ok $? "xdpyinfo works in the container, and the host display's socket is not there"

        as_tester "$TP" ++cmd sleep 10 > /dev/null 2>&1 &
        hold=$!
        gp_display=
        for _ in $(seq 100); do
                gp_display=$(in_sim sed -n 's/^DISPLAY=//p' /run/app-container/1000/state/tp/env 2> /dev/null) &&
                        [ -n "$gp_display" ] && in_sim test -S "/tmp/.X11-unix/X${gp_display#:}" && break
                sleep 0.1
        done
        sleep 1 # the window manager connects after the start
        xwininfo -root -tree -display "$XDISPLAY" 2> /dev/null | grep -q "\"Xephyr on $gp_display"
        ok $? "xwininfo on the host display $XDISPLAY shows the Xephyr window for $gp_display"
        is "$(in_sim sh -c 'stat -c %U /proc/$(systemctl show -p MainPID --value app-container-xephyr@1000-tp.service)')" \
                tester "Xephyr runs as tester"
        as_tester "$TP" ++cmd sh -c 'xwininfo -root -children | grep -q "\"xeyes\""'
        ok $? "the window manager (xeyes here) runs on the nested display"
        XAUTHORITY=/dev/null xdpyinfo -display "$gp_display" > /dev/null 2>&1
        rc=$?
        ok "$([ "$rc" != 0 ]; echo $?)" "without the cookie the nested display refuses clients"
        wait "$hold"
        for _ in $(seq 100); do stopped_tp=1; in_sim machinectl show tp > /dev/null 2>&1 && stopped_tp=0; [ $stopped_tp = 1 ] && break; sleep 0.1; done
        ok "$([ "$stopped_tp" = 1 ]; echo $?)" "the container stops after the last instance"
        in_sim sh -c "! systemctl is-active -q app-container-xephyr@1000-tp.service && test ! -e /tmp/.X11-unix/X${gp_display#:}"
        ok $? "and Xephyr with it: no unit, no socket"
fi

# --- a stale nspawn export mount (systemd >= 256) -------------------------------------------------
# an nspawn killed at its stop timeout leaves /run/systemd/nspawn/unix-export/NAME mounted, and
# nspawn 256 and later refuse to start NAME while it is (the next launch failed): the launcher
# detaches it
for _ in $(seq 100); do stopped && break; sleep 0.1; done
in_sim sh -c 'mkdir -p /run/systemd/nspawn/unix-export/t1 && mount -t tmpfs act-stale /run/systemd/nspawn/unix-export/t1'
is "$(as_tester "$T1" ++cmd echo started 2>&1)" started "a stale unix-export mount of t1 (a killed nspawn's) does not stop the launch"
in_sim sh -c '! findmnt -rn -o SOURCE /run/systemd/nspawn/unix-export/t1 | grep -qx act-stale'
ok $? "and it is gone"

# the bad launchers and tp are this script's: later tests list the script dir
in_sim sh -c 'cd /home/tester/.local/bin && rm -f b1 b2 b3 b4 b5 b6 ./-b7 b8 b9 b10 b11 b12 b1.conf b2.conf b3.conf b4.conf b5.conf b6.conf ./-b7.conf b8.conf b9.conf b10.conf b11.conf b12.conf b13 b13.conf t6 t6.conf tp tp.conf'

echo "1..$n"
[ "$failed" = 0 ]
