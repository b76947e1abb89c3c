#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# D-Bus in the host simulator (issue 11, items 1 and 2): every app has a private session bus inside
# (dbus-daemon as the user, started with the container), so gsettings/dconf settings outlive a
# restart and no app looks for dbus-launch; dbus = filtered gives the app tester's session bus of
# the sim through xdg-dbus-proxy, where a notification reaches a test server (tests/notify-service.c)
# but org.freedesktop.systemd1 (systemd-run --user: any command on the host) does not; dbus = full
# shows that attack working. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root (sudo tests/run)"
sim_start || skip_all "host simulator cannot start"
PKGS=libglib2.0-bin,dconf-gsettings-backend,dconf-service,gsettings-desktop-schemas
if ! in_sim test -x /var/lib/machines/tdbus/usr/bin/gsettings || ! in_sim test -e "$BIN/tdbus.conf"; then
        require_mirror "the test container needs glib and dconf from Debian"
        in_sim rm -rf /var/lib/machines/tdbus "$BIN/tdbus" "$BIN/tdbus.conf"
        creator create --user tester --uid 1000 --gid 1000 --script-dir "$BIN" --packages "$PKGS" \
                --privilege sudo --run true bookworm /var/lib/machines/tdbus >&2 ||
                skip_all "cannot create the test container tdbus"
        sim_restart || skip_all "host simulator cannot restart"
fi
export MKAPP_BASE=tdbus
stopped() { for _ in $(seq 100); do in_sim machinectl show "$1" > /dev/null 2>&1 || return 0; sleep 0.1; done; return 1; }
# tester's session bus in the sim (linger: user@1000.service from boot, tests/hostsim/setup)
for _ in $(seq 100); do in_sim test -S /run/user/1000/bus && break; sleep 0.1; done
check "the sim has tester's session bus (/run/user/1000/bus)" in_sim test -S /run/user/1000/bus

# --- item 1: the private session bus inside -------------------------------------------------------
mkapp d0 dbus=false
# (no dbus-talk, dbus-own: their defaults; and a conf the code before this change reads too)
in_sim sed -i '/^dbus-talk\|^dbus-own/d' "$BIN/d0.conf"
in_sim rm -rf /var/lib/machines/tdbus/home/tester/.config/dconf /var/lib/machines/tdbus/home/tester/.config/glib-2.0
# shellcheck disable=SC2016 # expanded inside
is "$(in_app d0 sh -c 'echo "$DBUS_SESSION_BUS_ADDRESS|$XDG_RUNTIME_DIR|$(stat -c "%U %a" "$XDG_RUNTIME_DIR")"; test -S /run/user/1000/bus && echo socket' 2>&1 | tr '\n' ' ')" \
        "unix:path=/run/user/1000/bus|/run/user/1000|tester 700 socket " \
        "dbus = false: DBUS_SESSION_BUS_ADDRESS is the private bus in XDG_RUNTIME_DIR (tester's, 0700)"
# shellcheck disable=SC2016 # expanded inside
is "$(in_app d0 sh -c 'for p in /proc/[0-9]*; do c=$(tr "\0" " " < $p/cmdline 2> /dev/null); case $c in "/usr/bin/dbus-daemon --session"*) echo "$(stat -c %U $p) $c" ;; esac; done' 2>&1)" \
        "tester /usr/bin/dbus-daemon --session --fork --nopidfile --address=unix:path=/run/user/1000/bus " \
        "the private bus is a dbus-daemon of tester's"
err=$(in_app d0 gsettings set org.gnome.desktop.interface clock-format 12h 2>&1)
rc=$?
is "$rc|$err" "0|" "gsettings set inside: exit 0 and nothing on stderr (no dbus-launch, no dconf warning)"
stopped d0
check "the container stopped with its last instance" in_sim test ! -e /run/app-container/1000/state/d0/env
check "dconf wrote the container's ~/.config/dconf/user (through dconf-service, activated on the private bus)" \
        in_sim test -s /var/lib/machines/tdbus/home/tester/.config/dconf/user
is "$(in_app d0 gsettings get org.gnome.desktop.interface clock-format 2>&1)" "'12h'" \
        "after ++stop and a new start the setting is still there"
# the warm path: a second instance goes through the agent and gets the same bus
as_tester "$BIN/d0" ++cmd sleep 20 > /dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do in_sim test -S "/run/app-container/1000/state/d0/agent.sock" && break; sleep 0.1; done
# shellcheck disable=SC2016 # expanded inside
is "$(in_app d0 sh -c 'echo "$DBUS_SESSION_BUS_ADDRESS"; gsettings get org.gnome.desktop.interface clock-format' 2>&1 | tr '\n' ' ')" \
        "unix:path=/run/user/1000/bus '12h' " "the warm path (agent.c): the same private bus and setting"
kill "$holder" 2> /dev/null
as_tester "$BIN/d0" ++stop > /dev/null 2>&1
wait "$holder" 2> /dev/null
stopped d0

# --- item 2: dbus = filtered --------------------------------------------------------------------------
notes=$SHARE/notes
rm -f "$notes" "$SHARE/notify-service"
cp "$BUILD_DIR/tests/notify-service" "$SHARE/notify-service"
as_tester env DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus "$SHARE/notify-service" "$notes" > "$SHARE/notify.out" 2>&1 &
for _ in $(seq 50); do grep -q ready "$SHARE/notify.out" 2> /dev/null && break; sleep 0.1; done
check "a test notification server owns org.freedesktop.Notifications on tester's bus in the sim" grep -q ready "$SHARE/notify.out"

mkapp f1 dbus=filtered
in_sim rm -f /home/tester/act-escaped
plan=$(as_tester "$BIN/f1" ++dry-run ++cmd true 2>&1)
for want in "StartTransientUnit(\"app-container-dbus@1000-f1.service\"" "User=1000" \
        "/usr/bin/xdg-dbus-proxy unix:path=/run/user/1000/bus /run/app-container/1000/state/f1/dbus-proxy/bus --filter" \
        "--talk=org.freedesktop.Notifications" "--talk=org.freedesktop.portal.*" \
        "on /run/app-container/bus read-only, idmapped" \
        "/usr/bin/dbus-daemon --session --fork --nopidfile --address=unix:path=/run/user/1000/bus"; do
        n=$((n + 1))
        if grep -qF -- "$want" <<< "$plan"; then echo "ok $n - ++dry-run shows the proxy plan: $want"; else
                echo "not ok $n - ++dry-run shows the proxy plan: $want"
                failed=$((failed + 1))
        fi
done
as_tester "$BIN/f1" ++cmd sleep 20 > /dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do in_sim test -S /run/app-container/1000/state/f1/agent.sock && break; sleep 0.1; done
is "$(in_sim ps -o user=,args= -C xdg-dbus-proxy 2>&1 | awk '{ print $1, $2, $3 }')" "tester /usr/bin/xdg-dbus-proxy unix:path=/run/user/1000/bus" \
        "the proxy runs as tester on the host side (the host bus sees the user)"
is "$(in_sim stat -c '%U %a' /run/app-container/1000/state/f1 /run/app-container/1000/state/f1/dbus-proxy 2>&1 | tr '\n' ' ')" \
        "root 755 tester 700 " "its socket is in a directory of tester's (0700) in root's run dir"
kill "$holder" 2> /dev/null
as_tester "$BIN/f1" ++stop > /dev/null 2>&1
wait "$holder" 2> /dev/null
stopped f1
out=$(in_app f1 gdbus call --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications \
        --method org.freedesktop.Notifications.Notify act-test 0 '' act-summary act-body '[]' '{}' 5000 2>&1)
is "$out" "(uint32 1,)" "dbus = filtered: Notify through the proxy is answered by the host's server"
is "$(cat "$notes" 2>&1)" "act-test|act-summary|act-body" "and the notification reached it"
out=$(in_app f1 gdbus call --session --dest org.freedesktop.systemd1 --object-path /org/freedesktop/systemd1 \
        --method org.freedesktop.DBus.Peer.Ping 2>&1)
rc=$?
ok "$([ "$rc" != 0 ]; echo $?)" "dbus = filtered: a call to org.freedesktop.systemd1 fails ($out)"
# the attack: ask the user's systemd (StartTransientUnit, what systemd-run --user does) to run a
# command on the host; through GDBus, which every proxy version serves (sd-bus clients such as
# systemd-run itself connect only through xdg-dbus-proxy >= 0.1.6: escape() below)
escape() {
        in_app "$1" gdbus call --session --dest org.freedesktop.systemd1 --object-path /org/freedesktop/systemd1 \
                --method org.freedesktop.systemd1.Manager.StartTransientUnit "$2.service" fail \
                "[('ExecStart', <[('/usr/bin/touch', ['touch', '/home/tester/act-escaped'], false)]>)]" '@a(sa(sv)) []' 2>&1
}
escaped() { for _ in $(seq 30); do in_sim test -e /home/tester/act-escaped && return 0; sleep 0.1; done; return 1; }
# does the sim's proxy serve sd-bus clients (pipelined SASL: xdg-dbus-proxy 0.1.6, Debian 13)?
sdbus_proxy=$(in_sim dpkg-query -W -f '${Version}' xdg-dbus-proxy 2> /dev/null)
dpkg --compare-versions "${sdbus_proxy:-0}" ge 0.1.6 && sdbus_proxy=yes || sdbus_proxy=no
in_sim rm -f /home/tester/act-escaped
out=$(escape f1 act-escape)
rc=$?
ok "$([ "$rc" != 0 ] && ! escaped; echo $?)" \
        "attack: StartTransientUnit on the user's systemd from inside is refused with dbus = filtered ($out)"
out=$(in_app f1 systemd-run --user --unit act-escape /usr/bin/touch /home/tester/act-escaped 2>&1)
rc=$?
ok "$([ "$rc" != 0 ] && ! escaped; echo $?)" "attack: systemd-run --user from inside is refused too ($out)"
in_app f1 sh -c 'gsettings set org.gnome.desktop.interface clock-format 12h' > "$SHARE/f1.err" 2>&1
is "$?|$(cat "$SHARE/f1.err")" "0|" "dbus = filtered: gsettings set works, nothing on stderr"
stopped f1
is "$(in_app f1 gsettings get org.gnome.desktop.interface clock-format 2>&1)" "'12h'" \
        "dbus = filtered: the setting outlives a restart (GSETTINGS_BACKEND=keyfile in the container's home)"
check "in the container's ~/.config/glib-2.0/settings/keyfile" \
        in_sim grep -q "clock-format='12h'" /var/lib/machines/tdbus/home/tester/.config/glib-2.0/settings/keyfile
stopped f1
is "$(in_sim systemctl is-active app-container-dbus@1000-f1.service 2>&1)" inactive "the proxy stopped with the container"
check "its socket and directory are gone" in_sim test ! -e /run/app-container/1000/state/f1/dbus-proxy

# --- dbus = full: the old whole bus, and the attack it allows (the old spelling, as before this change) ---
mkapp u1 dbus=true
# the same for the old grant: the escape it allowed before this change
in_sim sed -i '/^dbus-talk\|^dbus-own/d' "$BIN/u1.conf"
in_sim rm -f /home/tester/act-escaped
out=$(escape u1 act-escape-full)
diag "StartTransientUnit through dbus = full: ${out:-no output}"
check "dbus = true (the old grant, now full): the same StartTransientUnit runs a command on the host" escaped
in_sim rm -f /home/tester/act-escaped
if [ "$sdbus_proxy" = yes ]; then
        out=$(in_app u1 systemd-run --user --unit act-escape-full2 /usr/bin/touch /home/tester/act-escaped 2>&1)
        diag "systemd-run --user through dbus = full: ${out:-no output}"
        check "and so does systemd-run --user (an sd-bus client: xdg-dbus-proxy >= 0.1.6)" escaped
else
        # bookworm's xdg-dbus-proxy 0.1.4 drops a client that pipelines its SASL handshake (sd-bus does)
        out=$(in_app u1 busctl --user status 2>&1)
        check "sd-bus clients cannot connect through Debian 12's xdg-dbus-proxy 0.1.4 (appctl(1) says so): $(head -1 <<< "$out")" \
                grep -q 'Transport endpoint is not connected' <<< "$out"
fi
in_sim rm -f /home/tester/act-escaped
stopped u1
status=$(as_tester "$BIN/u1" ++status 2>&1)
check "++status warns about dbus = full (the old dbus = true)" grep -q "warning:   dbus = full" <<< "$status"

# --- the conf keys -----------------------------------------------------------------------------------
mkapp bad1 dbus=filtered 'dbus-talk={"org.freedesktop.Notifications", "not a name"}'
err=$(as_tester "$BIN/bad1" ++cmd true 2>&1)
rc=$?
line=$(in_sim grep -n '^dbus-talk' "$BIN/bad1.conf" | cut -d: -f1)
is "$rc|$err" "1|bad1: $BIN/bad1.conf:$line: dbus-talk: 'not a name' is not a D-Bus name (like org.example.App, or org.example.* for every name below it)" \
        "a bad dbus-talk name is a file:line: error"
mkapp bad2 dbus=maybe
err=$(as_tester "$BIN/bad2" ++cmd true 2>&1)
ok "$(grep -q "bad2.conf:[0-9]*: dbus must be one of false, filtered, full" <<< "$err"; echo $?)" "a bad dbus value is a file:line: error"
check "no proxy unit was started for them" in_sim sh -c '! systemctl is-active app-container-dbus@1000-bad1.service'

in_sim pkill -x notify-service
in_sim sh -c "rm -f $BIN/d0* $BIN/f1* $BIN/u1* $BIN/bad1* $BIN/bad2*"
done_testing
