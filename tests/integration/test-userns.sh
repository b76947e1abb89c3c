#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Container root is not host root: the container runs in a user namespace of its own (nspawn
# --private-users=pick over an idmapped rootfs), the app enters it, and the user's folders are
# mounted idmapped to the user's uid alone (launcher/idmap-mount.c), so the container's root can
# neither create a file owned by host root in ~/Downloads nor chown one to it. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1

stopped() { for _ in $(seq 300); do in_sim machinectl show "$1" > /dev/null 2>&1 || return 0; sleep 0.1; done; return 1; }

in_sim sh -c 'set -e; cd /home/tester; rm -rf Downloads; mkdir -p Downloads; echo mine > Downloads/mine
        chown -R tester: Downloads'
mkapp u1 gui=false 'bind={downloads}'
# a long-running app keeps the container up while root looks at it from the sim
as_tester env TERM=xterm-256color "$BIN/u1" ++cmd sleep 31.25 > /dev/null 2>&1 &
app=$!
for _ in $(seq 100); do in_sim pgrep -fx 'sleep 31.25' > /dev/null && break; sleep 0.1; done
leader=$(in_sim machinectl show u1 -p Leader --value 2> /dev/null)

# --- the user namespace -------------------------------------------------------------------------------
map=$(in_sim cat "/proc/$leader/uid_map" 2> /dev/null | tr -s ' ' | sed 's/^ //')
shift=${map#0 }
shift=${shift%% *}
ok "$([ -n "$map" ] && [ "${map%% *}" = 0 ] && [ "${map##* }" = 65536 ] && [ "$shift" -ge 65536 ]; echo $?)" \
        "the leader's uid_map is not the identity: 0 SHIFT 65536 ($map)"
is "$(in_sim sh -c 'stat -c %u /proc/$(pgrep -fx "sleep 31.25" | head -1)' 2>&1)" "$((shift + 1000))" \
        "the app's host uid is the shifted one (SHIFT+1000), not 1000"
is "$(in_app u1 id -u 2>&1)" 1000 "inside, the app is still uid 1000"

# --- the user's folder: the user's uid alone -----------------------------------------------------------
in_app u1 sh -c 'echo from-app > /home/tester/Downloads/out' > /dev/null 2>&1
is "$(in_sim stat -c '%U %u' /home/tester/Downloads/out 2>&1)" "tester 1000" \
        "a file the app writes in ~/Downloads is the user's on the host"
is "$(in_app u1 sh -c 'stat -c %U /home/tester/Downloads/mine' 2>&1)" tester "a host file of the user's is the user's inside"
opts=$(in_app u1 sh -c 'grep " /home/tester/Downloads " /proc/self/mountinfo' 2>&1)
ok "$(grep -q 'nosuid' <<< "$opts" && grep -q 'nodev' <<< "$opts" && grep -q 'idmapped' <<< "$opts"; echo $?)" \
        "the bound Downloads is mounted idmapped, nosuid, nodev ($opts)"

# The attack: the container's root (here nsenter into every namespace of the leader, the user's
# included, as an escape from the app to the container's root would be) plants a setuid-root shell
# in the bound folder and chowns the user's file to root. With a plain --bind (the code before) the
# shell is host root's and setuid on the host.
in_sim sh -c 'rm -f /home/tester/Downloads/rootsh; echo x > /home/tester/Downloads/victim; chown tester: /home/tester/Downloads/victim'
in_sim nsenter -t "$leader" -a sh -c 'cp /bin/sh /home/tester/Downloads/rootsh; chown 0:0 /home/tester/Downloads/rootsh
        chmod 4755 /home/tester/Downloads/rootsh; chown 0:0 /home/tester/Downloads/victim' > /dev/null 2>&1
is "$(in_sim find /home/tester/Downloads -user 0 2>&1)" "" \
        "container root creates no file owned by host root in ~/Downloads and chowns none to it"
is "$(in_sim find /home/tester/Downloads -perm -4000 -user 0 2>&1)" "" "no setuid-root file in ~/Downloads"
is "$(in_sim stat -c %U /home/tester/Downloads/victim 2>&1)" tester "the user's file stays the user's"

# the app ends inside; its launcher then releases the container (killing the launcher first, as this
# did, could leave u1 up without anyone to stop it: the flake the other apps below avoid the same way)
in_sim pkill -fx 'sleep 31.25' > /dev/null 2>&1
wait "$app" 2> /dev/null
stopped u1
ok $? "u1 stopped"
# a u1 left up (a slow stop) would keep t1 busy for the starts below (nspawn 257 locks the tree)
stopped u1 || as_tester "$BIN/u1" ++stop > /dev/null 2>&1

# --- the three that ran in the host's user namespace before: a range of the app's own (uid-range.h) -------
# own_range WHAT USER LAUNCHER SLEEP: the leader's map, the app's host uid and the attack of above, for the
# app LAUNCHER of USER (its ~/Downloads bound) that runs sleep SLEEP
own_range() {
        local what=$1 user=$2 launcher=$3 sl=$4 uid home pid leader map shift range
        uid=$(in_sim id -u "$user")
        home=/home/$user
        in_sim sh -c "rm -rf $home/Downloads; mkdir -p $home/Downloads; echo x > $home/Downloads/victim
                chown -R $user: $home/Downloads"
        as_user "$user" env TERM=xterm-256color "$launcher" ++cmd sleep "$sl" > /dev/null 2>&1 &
        pid=$!
        for _ in $(seq 100); do in_sim pgrep -fx "sleep $sl" > /dev/null && break; sleep 0.1; done
        leader=$(in_sim machinectl show "$(basename "$launcher")" -p Leader --value 2> /dev/null)
        map=$(in_sim cat "/proc/$leader/uid_map" 2> /dev/null | tr -s ' ' | sed 's/^ //')
        shift=${map#0 }
        shift=${shift%% *}
        range=${map##* }
        ok "$([ -n "$map" ] && [ "${map%% *}" = 0 ] && [ "$shift" -ge $((0x70000000)) ] && [ "$range" -gt "$uid" ]; echo $?)" \
                "$what: the leader's uid_map is the app's own range, not the identity ($map)"
        is "$(in_sim sh -c "stat -c %u /proc/\$(pgrep -fx 'sleep $sl' | head -1)" 2>&1)" "$((shift + uid))" \
                "$what: the app's host uid is shifted (SHIFT+$uid)"
        in_sim nsenter -t "$leader" -a sh -c "cp /bin/sh $home/Downloads/rootsh; chown 0:0 $home/Downloads/rootsh
                chmod 4755 $home/Downloads/rootsh; chown 0:0 $home/Downloads/victim" > /dev/null 2>&1
        is "$(in_sim find "$home/Downloads" -user 0 2>&1)" "" \
                "$what: container root creates no file owned by host root in ~/Downloads and chowns none to it"
        is "$(in_sim stat -c %U "$home/Downloads/victim" 2>&1)" "$user" "$what: the user's file stays the user's"
        # the app alone (-x: not the launcher, whose command line names it too): its launcher
        # then exits and, the last instance, stops the container
        in_sim pkill -fx "sleep $sl" > /dev/null 2>&1
        wait "$pid" 2> /dev/null
        stopped "$(basename "$launcher")"
        ok $? "$what: stopped"
        in_sim rm -rf "$home/Downloads"
}

mkapp ue1 gui=false ephemeral=true 'bind={downloads}'
own_range "ephemeral" tester "$BIN/ue1" 31.5
ok "$(in_sim sh -c 'grep -q " /run/app-container/ephemeral-roots/" /proc/self/mountinfo'; [ $? = 1 ]; echo $?)" \
        "ephemeral: the host keeps no idmapped root mounted once nspawn holds it"
in_app ue1 sh -c 'echo gone > /home/tester/eph' > /dev/null 2>&1
ok "$(in_sim test ! -e /var/lib/machines/t1/home/tester/eph; echo $?)" "ephemeral: its writes still vanish (never on the rootfs)"
stopped ue1

mkapp un1 gui=false nested=true 'bind={downloads}'
own_range "nested" tester "$BIN/un1" 31.75

# bigid (uid 70000) over t1's rootfs, which lists it for this test
R=/var/lib/machines/t1
in_sim sh -c "grep -q '^bigid:' $R/etc/passwd || { cp -a $R/etc/passwd $R/etc/passwd.un-saved; cp -a $R/etc/group $R/etc/group.un-saved
        echo 'bigid:x:70000:70000::/home/bigid:/bin/bash' >> $R/etc/passwd; echo 'bigid:x:70000:' >> $R/etc/group; }
        mkdir -p $R/home/bigid /home/bigid/.local/bin && chown 70000:70000 $R/home/bigid
        cp /usr/local/libexec/app-container/appctl /home/bigid/.local/bin/ub1
        sed -e 's/^user = .*/user = \"bigid\"/' -e 's/^uid = .*/uid = 70000/' -e 's/^gid = .*/gid = 70000/' \
                -e 's/^gui = .*/gui = false/' -e 's/^bind = .*/bind = {downloads}/' $BIN/t1.conf > /home/bigid/.local/bin/ub1.conf
        grep -q '^bind = ' /home/bigid/.local/bin/ub1.conf || echo 'bind = {downloads}' >> /home/bigid/.local/bin/ub1.conf
        chown -R bigid: /home/bigid/.local"
own_range "uid 70000" bigid /home/bigid/.local/bin/ub1 31.875
is "$(as_user bigid env TERM=dumb /home/bigid/.local/bin/ub1 ++cmd id -u 2>&1)" 70000 "uid 70000: inside, the app is still 70000"
stopped ub1
in_sim sh -c "test -e $R/etc/passwd.un-saved && mv $R/etc/passwd.un-saved $R/etc/passwd && mv $R/etc/group.un-saved $R/etc/group
        rm -rf $R/home/bigid /home/bigid/.local/bin/ub1*"

# a registry a user could write is not trusted (here one handed to tester): the start is refused
in_sim chown tester /var/lib/app-container/uid-ranges
err=$(in_app ue1 true 2>&1 > /dev/null)
rc=$?
ok "$([ "$rc" != 0 ] && [ "$(wc -l <<< "$err")" = 1 ] && grep -q 'uid range' <<< "$err"; echo $?)" \
        "a uid-range registry of a user's: the start is refused with one line ($err)"
ok "$(! in_sim machinectl show ue1 > /dev/null 2>&1; echo $?)" "... and no container started"
in_sim chown root /var/lib/app-container/uid-ranges
# the registry: root's file in root's directory, one line per app, no two ranges overlapping
# (0755 as the registry makes it, 0700 as make-app-container store does: neither writable by others)
out=$(in_sim stat -c '%U %a' /var/lib/app-container /var/lib/app-container/uid-ranges 2>&1 | tr '\n' ' ')
ok "$(grep -qE '^root 7[05][05] root 644 $' <<< "$out"; echo $?)" "the uid-range registry is root's, in root's directory ($out)"
ok "$(in_sim awk '{ for (i = 1; i < NR; i++) if ($1 < e[i] && s[i] < $1 + $2) bad = 1; s[NR] = $1; e[NR] = $1 + $2 } END { exit bad }' \
        /var/lib/app-container/uid-ranges; echo $?)" "no two ranges of the registry overlap"
diag "$(in_sim cat /var/lib/app-container/uid-ranges 2>&1)"
in_sim rm -rf /home/tester/Downloads
done_testing
