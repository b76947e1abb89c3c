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

stopped() { for _ in $(seq 100); do in_sim machinectl show "$1" > /dev/null 2>&1 || return 0; sleep 0.1; done; return 1; }

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

kill "$app" 2> /dev/null
wait "$app" 2> /dev/null
in_sim pkill -f 'sleep 31.25' > /dev/null 2>&1
stopped u1
ok $? "u1 stopped"
in_sim rm -rf /home/tester/Downloads
done_testing
