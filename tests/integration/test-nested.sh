#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --nested: rootless podman inside an app container, with the user's sub-uid range. The container
# t8 is made with podman and busybox-static (the image is built locally from busybox: no registry);
# newuidmap/newgidmap carry file capabilities instead of setuid, and only this app may use them.
# Needs the Debian mirror for podman. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1 --host-network
require_mirror "no podman to install"

BIN=/home/tester/.local/bin
R=/var/lib/machines/t8
in_sim sh -c "rm -rf $R $BIN/t8 $BIN/t8.*"
t0=$(now_ms)
out=$(creator create --user tester --uid 1000 --gid 1000 --script-dir "$BIN" --privilege sudo --nested \
        --packages podman,busybox-static,fuse-overlayfs,slirp4netns,crun --run podman bookworm "$R" 2>&1)
rc=$?
diag "create --nested t8: $(($(now_ms) - t0)) ms"
[ "$rc" = 0 ] || diag "$(tail -5 <<< "$out")"
is "$rc" 0 "create --nested t8 with podman"
# a second nested container, while the sim is on the host's network (apt installs uidmap)
R9=/var/lib/machines/t9
in_sim sh -c "rm -rf $R9 $BIN/t9 $BIN/t9.*"
out=$(creator create --user tester --uid 1000 --gid 1000 --script-dir "$BIN" --privilege sudo --nested --run true bookworm "$R9" 2>&1)
rc=$?
[ "$rc" = 0 ] || diag "$(tail -5 <<< "$out")"
is "$rc" 0 "create --nested t9"
sim_restart || { echo "Bail out! the simulator does not restart"; exit 1; }

is "$(in_sim stat -c %A "$R/usr/bin/newuidmap" "$R/usr/bin/newgidmap" | tr '\n' ' ')" "-rwxr-xr-x -rwxr-xr-x " \
        "newuidmap and newgidmap are not setuid any more"
# subrange FILE: the start of tester's range in FILE (one line, 65536 ids)
subrange() { in_sim sed -n 's/^tester:\([0-9]*\):65536$/\1/p' "$1"; }
range=$(subrange "$R/etc/subuid")
ok "$([ -n "$range" ] && [ "$(subrange "$R/etc/subgid")" = "$range" ] && [ "$(in_sim grep -c '^tester:' "$R/etc/subuid")" = 1 ]; echo $?)" \
        "tester has one sub-uid and the same sub-gid range inside ($range)"
is "$range" 65536 "ids of the container's own range, past its 65536 and tester's (no host ids)"
ok "$(in_sim grep -qx 'nested = true' "$BIN/t8.conf" && in_sim grep -qx 'grant nested' "$BIN/t8.recipe"; echo $?)" \
        "nested = true in t8.conf, and in the recipe"
is "$(as_tester "$BIN/t8" ++cmd sh -c 'grep -E "^(Cap(Prm|Eff|Bnd|Amb)|NoNewPrivs)" /proc/self/status | tr -s "\t" " " | tr "\n" " "')" \
        "CapPrm: 0000000000000000 CapEff: 0000000000000000 CapBnd: 00000000000000c0 CapAmb: 0000000000000000 NoNewPrivs: 0 " \
        "the nested app: no capabilities; CAP_SETUID and CAP_SETGID bound, for the file capabilities of newuidmap"
out=$(as_tester "$BIN/t8" ++cmd sh -c '
        cd /tmp && mkdir -p img/bin && cp /bin/busybox img/bin/ && ln -s busybox img/bin/sh &&
        tar --owner=0 --group=0 --numeric-owner -C img -cf img.tar . &&
        podman import -q img.tar localhost/act-busybox > /dev/null &&
        podman run --rm --network host localhost/act-busybox /bin/sh -c "echo hello from podman; cat /proc/self/uid_map"' 2>&1)
diag "$(grep -v 'level=warning' <<< "$out" | sed 's/^/  /')"
ok "$(grep -qx 'hello from podman' <<< "$out"; echo $?)" "podman run of a locally built image works inside"
ok "$(grep -qE "^ +1 +$range +65536\$" <<< "$out"; echo $?)" "with the user's sub-uid range mapped (1 -> $range, 65536 ids)"
# the container's own map holds them: host ids SHIFT+65536.. are the sub-ids, no host user's
map=$(as_tester "$BIN/t8" ++cmd cat /proc/self/uid_map 2> /dev/null | tr -s ' ' | sed 's/^ //')
ok "$([ "${map%% *}" = 0 ] && [ "${map##* }" = 131072 ] && [ "$(cut -d' ' -f2 <<< "$map")" -ge $((0x70000000)) ]; echo $?)" \
        "t8 runs in a range of its own that holds the sub-ids (uid_map $map)"
is "$(as_tester "$BIN/t1" ++cmd sh -c 'grep -E "^(CapBnd|NoNewPrivs)" /proc/self/status | tr -s "\t" " " | tr "\n" " "' 2>/dev/null)" \
        "CapBnd: 0000000000000000 NoNewPrivs: 1 " "an app without nested keeps the empty bounding set and no_new_privs"
# the second nested container t9 (made above): the same sub-ids inside, a host range of its own
range9=$(subrange "$R9/etc/subuid")
is "$range9" 65536 "t9's sub-ids are ids of its own range too"
as_tester "$BIN/t9" ++cmd true > /dev/null 2>&1
ok "$(in_sim awk '$3 == "t8" { s8 = $1; e8 = $1 + $2 } $3 == "t9" { s9 = $1; e9 = $1 + $2 } END { exit !(s8 && s9 && (e8 <= s9 || e9 <= s8)) }' \
        /var/lib/app-container/uid-ranges; echo $?)" "t8's and t9's host ranges do not overlap"
in_sim env SUDO_USER=tester SUDO_UID=1000 SUDO_GID=1000 make-app-container remove --purge --yes t9 > /dev/null 2>&1
in_sim env SUDO_USER=tester SUDO_UID=1000 SUDO_GID=1000 make-app-container remove --purge --yes t8 > /dev/null 2>&1
ok "$(in_sim test ! -e "$R"; echo $?)" "remove --purge t8"
ok "$(in_sim grep -qE ' (t8|t9)$' /var/lib/app-container/uid-ranges; [ $? = 1 ]; echo $?)" "and their uid ranges are freed"
done_testing
