#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The creator for real: make-app-container, run as root inside the host simulator (booted with the
# host's network for debootstrap), makes t1 for user tester from bookworm, extra packages and a
# local .deb. Leaves t1 in place: test-launch.sh runs after this script and uses it. TAP.
set -euo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root (sudo tests/run)"
command -v debootstrap > /dev/null || skip_all "no debootstrap on the host"
sim_start --host-network || skip_all "host simulator cannot start"
if ! in_sim test -x "$MAKE_APP_CONTAINER"; then
        echo "not ok 1 - $MAKE_APP_CONTAINER is installed in the simulator"
        echo "1..1"
        exit 1
fi

BIN=/home/tester/.local/bin
CACHE=$ACT_TEST_DIR/cache # /var/cache/app-container in the sim
deb=$(act_hello_deb)
log=$ACT_TEST_DIR/test-create.log # the creator's output of the last create, kept for a look

# debootstrapped bases in the creator's cache (host view)
bases() { { find "$CACHE" -maxdepth 2 -name '*.inputs' 2> /dev/null || true; } | wc -l; }
# what a refused or --dry-run create must leave as it was
snapshot() {
        in_sim sh -c 'ls -A /var/lib/machines '"$BIN"'; find /var/cache/app-container -maxdepth 2 | sort'
}
# create_t1 NAME with its output in $log; sets rc and ms
timed_create() {
        local t0
        t0=$(now_ms)
        rc=0
        create_t1 "$1" > "$log" 2>&1 || rc=$?
        ms=$(($(now_ms) - t0))
        [ "$rc" = 0 ] || sed 's/^/#   /' "$log" | tail -30
}
in_t1() { in_sim chroot /var/lib/machines/t1 "$@"; }

in_sim sh -c "rm -rf /var/lib/machines/t1 /var/lib/machines/t2 $BIN/t1 $BIN/t1.conf $BIN/t2 $BIN/t2.conf"

# --- the first create ------------------------------------------------------------------------------
b0=$(bases)
timed_create t1
t1_ms=$ms
b1=$(bases)
diag "create t1: ${t1_ms} ms ($([ "$b1" -gt "$b0" ] && echo "debootstrap, cache miss" || echo "cache hit"))"
is "$rc" 0 "make-app-container create ... bookworm /var/lib/machines/t1 act-hello.deb exits 0"

# shellcheck disable=SC2016 # expanded inside
is "$(in_t1 sh -c 'echo "$(id -un 1000) $(id -u tester):$(id -g tester)"' 2> /dev/null)" "tester 1000:1000" \
        "user tester with uid and gid 1000 inside"
for p in x11-utils x11-apps hello act-hello; do
        # shellcheck disable=SC2016 # a dpkg-query format
        is "$(in_t1 dpkg-query -W -f='${Status}' "$p" 2> /dev/null)" "install ok installed" "package $p is installed"
done

# the launcher: the root-owned appctl itself (hard link), or a root-owned copy of it
launcher_is_appctl() {
        # shellcheck disable=SC2016 # expanded inside
        in_sim sh -c '
                l=$1 a=$2
                [ "$(stat -c %u "$l")" = 0 ] && [ -x "$l" ] && [ -z "$(find "$l" -perm /022)" ] && cmp -s "$l" "$a" || exit 1
                if [ "$(stat -c %d:%i "$l")" = "$(stat -c %d:%i "$a")" ]; then echo "# hard link"; else echo "# copy"; fi
        ' sh "$BIN/$1" "$APPCTL"
}
check "$BIN/t1 is a hard link or a root-owned, not group/other-writable copy of $APPCTL" launcher_is_appctl t1

conf=$(in_sim cat "$BIN/t1.conf" 2> /dev/null || true)
is "$(head -1 <<< "$conf")" "# app-container launcher configuration" "t1.conf starts with the marker line"
is "$(grep -cx -e 'gui = true' -e 'run = "xeyes"' -e 'uid = 1000' -e 'directory = "/var/lib/machines/t1"' <<< "$conf")" 4 \
        't1.conf has gui = true, run = "xeyes", uid = 1000, directory = "/var/lib/machines/t1"'
is "$(in_sim stat -c %U "$BIN/t1.conf" 2> /dev/null)" tester "t1.conf is owned by tester"
is "$(in_sim stat -c %U:%a /var/lib/machines/t1 2> /dev/null)" root:755 "the rootfs is root-owned, mode 755"

# --- the same inputs again: a cache hit ------------------------------------------------------------
timed_create t2
b2=$(bases)
diag "create t2 (same inputs): ${ms} ms"
is "$rc" 0 "a second create with the same inputs (t2) exits 0"
is "$b2" "$b1" "and makes no new base in the cache"
if [ "$b1" -gt "$b0" ]; then
        ok "$([ $((ms * 4)) -lt "$t1_ms" ]; echo $?)" "and takes less than 25% of the first ($ms < $t1_ms / 4 ms)"
else
        skip "the first create was a cache hit too (cache of an earlier run): no cold time to compare"
fi
# shellcheck disable=SC2016 # a dpkg-query format
is "$(in_sim chroot /var/lib/machines/t2 dpkg-query -W -f='${Status}' act-hello 2> /dev/null)" "install ok installed" \
        "t2 has act-hello too"
in_sim sh -c "rm -rf /var/lib/machines/t2 $BIN/t2 $BIN/t2.conf"

# --- refusals: non-zero, one line on stderr, nothing left behind ----------------------------------
refused() { # DESC CREATOR-ARGS...
        local desc=$1 before after err rc=0
        shift
        before=$(snapshot)
        err=$(creator "$@" 2>&1 > /dev/null) || rc=$?
        after=$(snapshot)
        diag "$desc: $err"
        ok "$([ "$rc" != 0 ]; echo $?)" "$desc: exits non-zero"
        is "$(printf '%s\n' "$err" | grep -c .)" 1 "$desc: one line on stderr"
        is "$after" "$before" "$desc: leaves nothing behind"
}
refused "invalid name" "${T1_ARGS[@]}" bookworm '/var/lib/machines/bad_name!' "$deb"
in_sim sh -c 'mkdir -p /var/lib/machines/exists && echo keep > /var/lib/machines/exists/file'
refused "existing DIR" "${T1_ARGS[@]}" bookworm /var/lib/machines/exists "$deb"
is "$(in_sim cat /var/lib/machines/exists/file)" keep "existing DIR: its content is untouched"
in_sim rm -rf /var/lib/machines/exists
refused "unknown distro" "${T1_ARGS[@]}" nosuchdistro /var/lib/machines/t5 "$deb"

# --- --dry-run ---------------------------------------------------------------------------------------
before=$(snapshot)
rc=0
creator "${T1_ARGS[@]}" --dry-run bookworm /var/lib/machines/t3 "$deb" > "$log" 2>&1 || rc=$?
is "$rc" 0 "--dry-run exits 0"
is "$(snapshot)" "$before" "--dry-run changes nothing"
diag "--dry-run says: $(head -3 "$log" | tr '\n' ' ')"

# t1 stays: test-launch.sh uses it
check "t1 is still there" in_sim test -x /var/lib/machines/t1/usr/bin/xeyes
done_testing
