#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What each grant gives the container, and what it does not, with real launchers over t1's rootfs
# in the host simulator: the environment inside, named and path binds (read-write, read-only, file
# owners), the sound socket, device nodes with their DeviceAllow=, and the network modes. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1

stopped() { for _ in $(seq 100); do in_sim machinectl show "$1" > /dev/null 2>&1 || return 0; sleep 0.1; done; return 1; }


# --- the environment inside -------------------------------------------------------------------------
mkapp g1
# shellcheck disable=SC2016 # expanded inside
is "$(in_app g1 sh -c 'echo "$USER|$HOME|$LANG|$TERM|$DISPLAY|$XAUTHORITY|$(pwd)"' 2>&1)" \
        "tester|/home/tester|C.UTF-8|xterm-256color|$XDISPLAY|/run/app-container/Xauthority|/home/tester" \
        "USER, HOME, LANG, TERM, DISPLAY, XAUTHORITY are set inside"
# shellcheck disable=SC2016 # expanded inside
is "$(in_app g1 sh -c 'echo "${PULSE_SERVER-unset}|${DBUS_SESSION_BUS_ADDRESS-unset}|$XDG_RUNTIME_DIR"; ls /run/app-container' 2>&1 | tr '\n' ' ')" \
        "unset|unix:path=/run/user/1000/bus|/run/user/1000 Xauthority host " \
        "without sound and dbus: no PULSE_SERVER, no host sockets; the private session bus in the runtime dir (host: host-look's read-only dirs)"
# who the app is: tester's uid and gid and exactly tester's groups in the container, none of root's
want=$(in_sim chroot /var/lib/machines/t1 id -G tester)
# shellcheck disable=SC2016 # expanded inside
is "$(in_app g1 sh -c 'echo "$(id -u) $(id -g) [$(id -G)]"' 2>&1)" "1000 1000 [$want]" \
        "the app runs with uid 1000, gid 1000 and exactly tester's groups ($want), no group 0"
is "$(in_app g1 sh -c 'grep -E "^(Uid|Gid|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs)" /proc/self/status | tr -s "\t" " " | tr "\n" " "')" \
        "Uid: 1000 1000 1000 1000 Gid: 1000 1000 1000 1000 CapPrm: 0000000000000000 CapEff: 0000000000000000 CapBnd: 0000000000000000 CapAmb: 0000000000000000 NoNewPrivs: 1 " \
        "real, effective, saved and fs ids are tester's; no capability in any set; no_new_privs"
stopped g1
ok $? "g1 stopped"

# --- binds ------------------------------------------------------------------------------------------
in_sim sh -c 'set -e; cd /home/tester; rm -rf Downloads shared-ro .gitconfig
        mkdir -p Downloads shared-ro; echo from-host > Downloads/in; echo ro-data > shared-ro/data
        printf "[user]\n\tname = Tester\n" > .gitconfig; chown -R tester: Downloads shared-ro .gitconfig'
mkapp b1 'bind={downloads, gitconfig, "/home/tester/shared-ro:/mnt/shared:ro"}'
is "$(in_app b1 cat /home/tester/Downloads/in 2>&1)" from-host "downloads: a host file is visible inside"
in_app b1 sh -c 'echo from-app > /home/tester/Downloads/out' > /dev/null 2>&1
is "$(in_sim stat -c '%U %s' /home/tester/Downloads/out 2>&1)" "tester 9" \
        "downloads: what the app writes lands on the host, owned by the user"
is "$(in_app b1 cat /mnt/shared/data 2>&1)" ro-data "SRC:DST:ro: readable at DST"
in_app b1 sh -c 'echo x > /mnt/shared/new' > /dev/null 2>&1
rc=$?
ok "$([ "$rc" != 0 ] && in_sim test ! -e /home/tester/shared-ro/new; echo $?)" "SRC:DST:ro: not writable"
is "$(in_app b1 sh -c 'grep -c Tester /home/tester/.gitconfig; echo x >> /home/tester/.gitconfig && echo writable' 2>/dev/null)" \
        1 "gitconfig: readable, and read-only"
# (nspawn made the mount points in the rootfs: the folders are there, empty)
is "$(in_app g1 sh -c 'cat /home/tester/Downloads/in /mnt/shared/data 2>&1 | grep -c "No such file"')" 2 \
        "an app without the binds sees none of their files"
stopped b1 && stopped g1
ok $? "b1 and g1 stopped"

# --- ephemeral: writes outside bound folders vanish at the stop -----------------------------------------
mkapp e1 ephemeral=true 'bind={downloads}'
in_sim rm -f /var/lib/machines/t1/home/tester/eph /home/tester/Downloads/kept
in_app e1 sh -c 'echo gone > /home/tester/eph && echo kept > /home/tester/Downloads/kept && cat /home/tester/eph' > /dev/null 2>&1
ok $? "ephemeral: the app writes a file in its home and one in a bound folder"
stopped e1
is "$(in_app e1 sh -c 'cat /home/tester/eph 2>&1; cat /home/tester/Downloads/kept')" \
        "cat: /home/tester/eph: No such file or directory
kept" "after a stop and a new start: the home file is gone, the bound one stayed"
ok "$(in_sim test ! -e /var/lib/machines/t1/home/tester/eph; echo $?)" "and the rootfs on disk never had it"
stopped e1
in_app g1 sh -c 'echo stays > /home/tester/eph' > /dev/null 2>&1
stopped g1
is "$(in_app g1 cat /home/tester/eph 2>&1)" stays "without ephemeral the same file survives the stop (the check can fail)"
in_sim rm -f /var/lib/machines/t1/home/tester/eph
stopped g1
ok $? "e1 and g1 stopped"

# --- sound: the user's pulse socket, nothing else of XDG_RUNTIME_DIR ----------------------------------
in_sim sh -c 'mkdir -p /run/user/1000/pulse && echo secret > /run/user/1000/other && chown -R tester: /run/user/1000 && chmod 700 /run/user/1000'
as_tester systemd-socket-activate -l /run/user/1000/pulse/native true > /dev/null 2>&1 &
pulse=$!
for _ in $(seq 50); do in_sim test -S /run/user/1000/pulse/native && break; sleep 0.1; done
mkapp s1 sound=true
# shellcheck disable=SC2016 # expanded inside
is "$(as_tester env XDG_RUNTIME_DIR=/run/user/1000 "$BIN/s1" ++cmd sh -c 'test -S /run/app-container/pulse/native && echo "socket $PULSE_SERVER"; ls /run/user/1000/other 2>&1 | grep -c "No such"' 2>&1 | tr '\n' ' ')" \
        "socket unix:/run/app-container/pulse/native 1 " \
        "sound: the pulse socket is bound and PULSE_SERVER points at it; the rest of XDG_RUNTIME_DIR is not there"
kill "$pulse" 2> /dev/null
in_sim pkill -f 'systemd-socket-activate -l /run/user/1000/pulse/native' 2> /dev/null
wait "$pulse" 2> /dev/null
in_sim rm -f /run/user/1000/pulse/native
err=$(as_tester env XDG_RUNTIME_DIR=/run/user/1000 "$BIN/s1" ++cmd true 2>&1 > /dev/null)
rc=$?
ok "$([ "$rc" != 0 ] && [ "$(wc -l <<< "$err")" = 1 ] && grep -qi 'pulse\|sound' <<< "$err"; echo $?)" \
        "sound without a pulse socket: one clear error line"
diag "$err"
# (tester's own runtime dir stays: with linger the sim's user@1000 keeps the session bus there)
in_sim rm -rf /run/user/1000/pulse /run/user/1000/other
stopped s1
ok $? "s1 stopped"

# --- devices: bound per node, opened per class with DeviceAllow= -------------------------------------
# root's and 0660, as udev makes them (group video/render): in the container's user namespace a node
# bound from the host would be nobody's, and closed to the app
if in_sim sh -c 'mkdir -p /dev/dri && { [ -c /dev/video0 ] || mknod -m 660 /dev/video0 c 81 0; } &&
                { [ -c /dev/dri/renderD128 ] || mknod -m 660 /dev/dri/renderD128 c 226 128; }' 2> /dev/null; then
        mkapp d1 webcam=true gpu=true
        as_tester "$BIN/d1" ++cmd sleep 20 > /dev/null 2>&1 &
        hold=$!
        for _ in $(seq 100); do in_sim machinectl show d1 > /dev/null 2>&1 && break; sleep 0.1; done
        is "$(in_app d1 sh -c 'stat -c "%F %t:%T" /dev/video0 /dev/dri/renderD128' 2>&1 | tr '\n' ' ')" \
                "character special file 51:0 character special file e2:80 " \
                "webcam and gpu: /dev/video0 and /dev/dri/renderD128 are there inside"
        is "$(in_app d1 sh -c 'stat -c "%U %a" /dev/video0 /dev/dri/renderD128' 2>&1 | tr '\n' ' ')" \
                "tester 600 tester 600 " "  the user's, mode 0600 (host root's 0660 nodes)"
        # no driver behind the sim's nodes: an open gets past the permission check to ENXIO/ENODEV
        out=$(in_app d1 sh -c 'for d in /dev/video0 /dev/dri/renderD128; do exec 3<> $d; done' 2>&1)
        ok "$(! grep -q 'Permission denied' <<< "$out"; echo $?)" "  and the app may open them ($out)"
        allow=$(in_sim systemctl show -p DeviceAllow --value app-container-d1.service)
        ok "$(grep -q 'char-video4linux rw' <<< "$allow" && grep -q 'char-drm rw' <<< "$allow"; echo $?)" \
                "and the unit allows char-video4linux and char-drm"
        diag "DeviceAllow: $(tr '\n' ' ' <<< "$allow")"
        is "$(in_sim systemctl show -p DevicePolicy --value app-container-d1.service)" closed \
                "DevicePolicy=closed: no device node beyond the allowed classes"
        as_tester "$BIN/d1" ++stop > /dev/null
        wait "$hold"
        is "$(in_app g1 sh -c 'ls /dev/video0 /dev/dri 2>&1 | grep -c "No such"')" 2 "without the grants: no such nodes"
        ok "$(in_sim systemctl show -p DeviceAllow --value app-container-g1.service 2>/dev/null | grep -qE 'video4linux|drm'; [ $? = 1 ]; echo $?)" \
                "and no such DeviceAllow="
        in_sim rm -f /dev/video0 /dev/dri/renderD128
else
        for d in "device nodes inside" "DeviceAllow" "DevicePolicy" "without the grants" "no such DeviceAllow"; do
                skip "devices: cannot make fake device nodes in the simulator ($d)"
        done
fi
stopped d1 && stopped g1
ok $? "d1 and g1 stopped"

# --- network modes -------------------------------------------------------------------------------
# nat and separate create links: the sim needs its own network namespace for that (booted on the
# host's network it lacks CAP_NET_ADMIN there), and on it it has only lo
is "$(in_app g1 ls /sys/class/net 2>&1 | sort | tr '\n' ' ')" "lo " "network off: only lo"
as_tester "$BIN/g1" ++network nat ++cmd sh -c 'ls /sys/class/net; sleep 2' > "$ACT_TEST_DIR/nat.out" 2>&1 &
natp=$!
for _ in $(seq 100); do in_sim test -e /sys/class/net/ve-g1 && break; sleep 0.05; done
in_sim test -e /sys/class/net/ve-g1
ok $? "++network nat: the host side ve-g1 exists while it runs"
wait "$natp"
is "$(sort "$ACT_TEST_DIR/nat.out" | tr '\n' ' ')" "host0 lo " "++network nat: host0 and lo inside"
stopped g1
ok "$(in_sim test ! -e /sys/class/net/ve-g1; echo $?)" "and ve-g1 is gone after the stop"

sim_restart --host-network || { echo "Bail out! the simulator does not restart"; exit 1; }
host_ifs=$(in_sim ls /sys/class/net | sort | tr '\n' ' ')
diag "the sim's interfaces on the host's network: $host_ifs"
is "$(as_tester "$BIN/g1" ++network on ++cmd ls /sys/class/net 2>&1 | sort | tr '\n' ' ')" "$host_ifs" \
        "++network on: the host's interfaces"
stopped g1
# separate: a macvlan on each up, device-backed interface. Its start needs CAP_NET_ADMIN on the host's
# network, which the sim does not have: check the plan (++dry-run, as the user) instead
want=$(in_sim sh -c 'for i in /sys/class/net/*; do [ -e "$i/device" ] && [ "$(cat "$i/operstate")" = up ] && echo "--network-macvlan=${i##*/}"; done' | sort | tr '\n' ' ')
plan=$(as_tester "$BIN/g1" ++dry-run ++network separate ++cmd true 2>&1)
is "$(grep -o -- '--network-macvlan=[^ ]*' <<< "$plan" | sort | tr '\n' ' ')" "$want" \
        "++network separate: one macvlan per up interface (${want:-none here})"
ok "$(grep -q 'not readable as uid 1000; the privileged half checks it' <<< "$plan" && grep -q 'would: setns' <<< "$plan"; echo $?)" \
        "++dry-run as the user goes through where /var/lib/machines is root-only"
stopped g1
ok $? "g1 stopped"

in_sim sh -c "rm -f $BIN/e1 $BIN/e1.conf $BIN/g1 $BIN/g1.conf $BIN/b1 $BIN/b1.conf $BIN/s1 $BIN/s1.conf $BIN/d1 $BIN/d1.conf"
done_testing
