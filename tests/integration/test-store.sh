#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make-app-container store (issue 12, shared disk on every file system), in the host simulator, whose
# /var/lib/machines is ext4 like most hosts': refused while /var/lib/machines or the cache holds
# anything (a mount would hide it), with one line and nothing made; on empty directories it makes an
# XFS file system in a sparse image, mounted on /var/lib/machines with the cache bound on
# /var/cache/app-container by two enabled mount units. Two apps created there from the same cached
# base cost a few percent of it on disk (df), their copies share blocks but not writes, they run in
# their user namespace over the idmapped rootfs (and under a plain systemd-nspawn -D), list shows what
# each really uses, and remove --purge frees it. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1
in_sim test -x /usr/sbin/mkfs.xfs || skip_all "no mkfs.xfs in the sim (tests/hostsim/setup)"
in_sim test -e /dev/loop-control || skip_all "no loop devices in the sim (tests/hostsim/sim)"

IMG=/var/lib/app-container/machines.img
UNITS=(var-cache-app\\x2dcontainer.mount var-lib-machines.mount)
HIDE=/var/tmp/act-store
mac() { in_sim "$MAKE_APP_CONTAINER" "$@"; }
# everything the test made, also after a failure: a unit file left in the sim's /etc would mount the
# store over the other tests' /var/lib/machines at its next boot
# The test's fresh host: /var/lib/machines renamed aside (the other tests' apps, one rename on the
# same file system) and the cache's bind (tests/hostsim/sim) moved aside; undo_store() puts both back.
hide_old() {
        in_sim sh -c "mkdir -p $HIDE/orig-cache && mount --bind /var/cache/app-container $HIDE/orig-cache &&
                mount --make-private $HIDE/orig-cache && umount /var/cache/app-container &&
                ! mountpoint -q /var/cache/app-container && find /var/cache/app-container -mindepth 1 -delete &&
                mv /var/lib/machines $HIDE/machines && mkdir -m 0700 /var/lib/machines"
}
# everything the test made, also after a failure: a unit file left in the sim's /etc would mount the
# store over the other tests' /var/lib/machines at its next boot
undo_store() {
        # shellcheck disable=SC2016 # expanded by the sim's shell
        # (only units the store wrote: systemd names every mount, and stopping the name of one the
        # sim made, the cache's bind, would unmount it)
        in_sim sh -c 'for u in "$@"; do
                        f=/etc/systemd/system/$u
                        grep -q "make-app-container store" "$f" || continue
                        systemctl stop "$u"; systemctl disable "$u"; rm -f "$f"
                done
                grep -qs /dev/act-other /etc/systemd/system/var-lib-machines.mount &&
                        rm -f /etc/systemd/system/var-lib-machines.mount
                systemctl daemon-reload
                rm -f /var/lib/app-container/machines.img
                H=/var/tmp/act-store
                if [ -d $H/machines ] && ! mountpoint -q /var/lib/machines; then
                        rmdir /var/lib/machines && mv $H/machines /var/lib/machines
                fi
                if mountpoint -q $H/orig-cache; then
                        mountpoint -q /var/cache/app-container ||
                                mount --bind $H/orig-cache /var/cache/app-container
                        umount $H/orig-cache
                fi
                # rmdir, never rm -r: orig-cache may still be a bind of the real cache
                rmdir $H/orig-cache $H' sh "${UNITS[@]}" > /dev/null 2>&1
        in_sim sh -c "rm -f $BIN/s1 $BIN/s1.conf $BIN/s2 $BIN/s2.conf" 2> /dev/null
}
cleanup() {
        undo_store
        _lib_cleanup
}
trap cleanup EXIT
undo_store

# --- refused while /var/lib/machines holds the other tests' apps ------------------------------------
out=$(mac store --size 3G 2>&1)
rc=$?
is "$rc|$(wc -l <<< "$out")" "1|1" "store on a non-empty /var/lib/machines: refused, one line ($out)"
check "it names what a mount would hide" grep -q "^make-app-container: /var/lib/machines holds [0-9]* entr" <<< "$out"
check "nothing made: no image, no unit file" \
        in_sim sh -c "test ! -e $IMG && test ! -e /etc/systemd/system/${UNITS[1]} && ! findmnt -n -t xfs /var/lib/machines"

# a unit file of the same name that someone else wrote is never replaced
in_sim sh -c 'printf "[Mount]\nWhat=/dev/act-other\nWhere=/var/lib/machines\n" > /etc/systemd/system/var-lib-machines.mount'
out=$(mac store --size 3G 2>&1)
is "$?|$out" "1|make-app-container: /etc/systemd/system/var-lib-machines.mount exists and is not the store's: not replacing it." \
        "a foreign var-lib-machines.mount: refused"
is "$(in_sim cat /etc/systemd/system/var-lib-machines.mount)" "$(printf '[Mount]\nWhat=/dev/act-other\nWhere=/var/lib/machines')" \
        "and left as it was"
in_sim rm -f /etc/systemd/system/var-lib-machines.mount

# --- a fresh host: empty /var/lib/machines and cache (the old ones hidden for the test) ------------
# what t1 was made from: its core and layer, copied into the store's cache below (no mirror needed)
recipe=$(in_sim cat /var/lib/machines/t1/var/lib/app-container/recipe)
core=$(awk '$1 == "core" {print $2}' <<< "$recipe")
layer=$(awk '$1 == "base-key" {print $2}' <<< "$recipe")
hide_old
check "the other tests' apps and cache moved aside" in_sim sh -c "test -d $HIDE/machines/t1 && test -d $HIDE/orig-cache/cores &&
        ! mountpoint -q /var/cache/app-container && test -z \"\$(ls -A /var/lib/machines)\""
out=$(mac store --size 1G 2>&1)
is "$?|$out" "1|make-app-container: The store would be smaller than 2 GiB (--size 1G)." "a store smaller than 2 GiB: refused"
check "and nothing made" in_sim test ! -e $IMG
out=$(mac store --size 6G 2>&1)
rc=$?
diag "$out"
is "$rc" 0 "store on empty directories: made"
is "$(in_sim findmnt -n -o FSTYPE /var/lib/machines | tail -1)" xfs "/var/lib/machines is the store's XFS"
check "/var/cache/app-container is the store's cache directory" \
        in_sim sh -c 'findmnt -rn -o SOURCE /var/cache/app-container | grep -q "\[/.app-container-cache\]"'
is "$(in_sim systemctl is-enabled "${UNITS[@]}" 2>&1 | tr '\n' ' ')" "enabled enabled " \
        "both mount units enabled (mounted at every boot)"
is "$(in_sim stat -c '%U %a %s' $IMG)" "root 600 6442450944" "the image: root's, 0600, 6 GiB"
check "sparse: it holds far less than its size" in_sim sh -c "[ \$(du -k $IMG | cut -f1) -lt 1048576 ]"
out=$(mac store 2>&1)
is "$?|$out" "0|/var/lib/machines is on a file system that shares extents (the store): apps share the blocks of their base without a store." \
        "store again: says so, changes nothing"

# --- two apps from the same cached base ------------------------------------------------------------
in_sim sh -c "mkdir -p /var/cache/app-container/cores /var/cache/app-container/layers &&
        cp -a $HIDE/orig-cache/cores/$core $HIDE/orig-cache/cores/$core.inputs /var/cache/app-container/cores/ &&
        cp -a $HIDE/orig-cache/layers/$layer $HIDE/orig-cache/layers/$layer.inputs /var/cache/app-container/layers/"
check "t1's core and layer seeded into the store's cache" in_sim test -d "/var/cache/app-container/layers/$layer"
# (after a sync: XFS reserves blocks for data still in the page cache, and frees the unused ones later)
used() { in_sim sh -c 'sync; df -B1 --output=used /var/lib/machines | tail -1'; }
base=$(in_sim du -sb "/var/cache/app-container/layers/$layer" | cut -f1)
base=${base:-0}
u0=$(used)
create_t1 s1 > "$ACT_TEST_DIR/store-s1.log" 2>&1
check "create s1 in the store (from the cached layer)" in_sim test -x /var/lib/machines/s1/usr/bin/xeyes
u1=$(used)
create_t1 s2 > "$ACT_TEST_DIR/store-s2.log" 2>&1
check "create s2 in the store" in_sim test -x /var/lib/machines/s2/usr/bin/xeyes
u2=$(used)
diag "base $base bytes; s1 cost $((u1 - u0)), s2 cost $((u2 - u1)) bytes (df)"
pct() { [ "$base" -gt 0 ] && echo "$(($1 * 1000 / base / 10)).$(($1 * 1000 / base % 10))%"; }
ok "$([ "$base" -gt 0 ] && [ $(((u2 - u1) * 100)) -le $((base * 5)) ]; echo $?)" \
        "the second app costs at most 5% of its base on disk ($(pct $((u2 - u1))))"
ok "$([ "$base" -gt 0 ] && [ $(((u1 - u0) * 100)) -le $((base * 5)) ]; echo $?)" "and so does the first ($(pct $((u1 - u0))))"
check "create said it shares the base's blocks" grep -q 'shares' "$ACT_TEST_DIR/store-s2.log"

# copies share blocks, not writes
in_sim sh -c 'echo act-store-write >> /var/lib/machines/s1/etc/motd'
check "a write in s1 stays in s1 (not in s2, not in the cached base)" in_sim sh -c \
        "grep -q act-store-write /var/lib/machines/s1/etc/motd &&
        ! grep -q act-store-write /var/lib/machines/s2/etc/motd /var/cache/app-container/layers/$layer/etc/motd"

# they run: nspawn's idmapped rootfs on XFS, the app in the container's user namespace
out=$(as_tester "$BIN/s1" ++cmd sh -c 'id -un; cat /proc/self/uid_map' 2>&1 | tr -s '\n ' '  ')
ok "$(grep -qE '^tester 0 [1-9][0-9]* [0-9]+ $' <<< "$out"; echo $?)" \
        "s1 runs as tester in a user namespace of its own, over the idmapped XFS rootfs ($out)"
as_tester "$BIN/s1" ++stop > /dev/null 2>&1
check "a plain systemd-nspawn -D of s1 works on the store" \
        in_sim systemd-nspawn -q --private-users=pick --private-users-ownership=map -D /var/lib/machines/s1 /bin/true

# an ephemeral run over the store: its writes go to nspawn's overlay, not into the rootfs
in_sim sh -c "sed -i '/^ephemeral = /d' $BIN/s1.conf && echo 'ephemeral = true' >> $BIN/s1.conf"
is "$(as_tester "$BIN/s1" ++cmd sh -c 'echo x > "$HOME/act-ephemeral" && cat "$HOME/act-ephemeral"' 2>&1)" x \
        "s1 with ephemeral = true runs on the store"
check "and what it wrote is gone with it" in_sim test ! -e /var/lib/machines/s1/home/tester/act-ephemeral
in_sim sed -i '/^ephemeral = /d' "$BIN/s1.conf"

# list: what each really uses
out=$(mac list --script-dir "$BIN" 2>&1)
diag "$(grep -E '^(NAME|s1|s2) ' <<< "$out")"
size_mib() { awk -v n="$1" '$1 == n {v = $5; u = $6; print (u == "GiB" ? v * 1024 : u == "MiB" ? v : u == "KiB" ? v / 1024 : u == "B" ? v / 1048576 : "")}' <<< "$out"; }
ok "$(awk -v s="$(size_mib s2)" -v b="$base" 'BEGIN {exit !(s ~ /^[0-9.]+$/ && b > 0 && s * 1048576 * 100 <= b * 5)}'; echo $?)" \
        "list: s2's size is what it alone uses (at most 5% of the base)"

# remove --purge frees what s2 used
mac remove --purge --yes --script-dir "$BIN" s2 > /dev/null 2>&1
check "remove --purge s2" in_sim test ! -e /var/lib/machines/s2
check "s1 is untouched" in_sim test -x /var/lib/machines/s1/usr/bin/xeyes
u3=$(used)
ok "$([ "$u3" -le "$u2" ]; echo $?)" "the space s2 used is free again ($u2 -> $u3 bytes)"

done_testing
