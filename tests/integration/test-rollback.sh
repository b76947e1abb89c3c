#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ++aptupdate keeps a snapshot of the rootfs; ++rollback puts it back when the update broke the app.
# On t5, made from t1's inputs (a cache hit); the update needs the Debian mirror. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1 --host-network
require_mirror "++aptupdate cannot run"

BIN=/home/tester/.local/bin
T5=$BIN/t5
R=/var/lib/machines/t5
running() { in_sim machinectl show t5 > /dev/null 2>&1; }
stopped() { for _ in $(seq 100); do running || return 0; sleep 0.1; done; return 1; }
one_line() { [ -n "$1" ] && [ "$(wc -l <<< "$1")" = 1 ]; }

in_sim sh -c "rm -rf $R $R.snapshot $R.rolled-back $T5 $T5.conf $T5.recipe"
create_t1 t5 > /dev/null 2>&1
ok $? "create t5"

err=$(as_tester "$T5" ++rollback 2>&1)
ok "$([ $? = 1 ] && one_line "$err" && grep -q 'has no snapshot' <<< "$err"; echo $?)" \
        "++rollback without a snapshot: one clear error line"
diag "$err"

in_sim touch "$R/etc/before-update"
out=$(as_tester "$T5" ++aptupdate 2>&1)
rc=$?
[ "$rc" = 0 ] || diag "$(tail -5 <<< "$out")"
is "$rc" 0 "++aptupdate exits 0"
ok "$(grep -q "Kept a snapshot of t5 in $R.snapshot" <<< "$out"; echo $?)" "it says where the snapshot is"
is "$(in_sim stat -c '%U %a' "$R.snapshot")" "root 755" "the snapshot is root's, like the rootfs"
ok "$(in_sim test -e "$R.snapshot/etc/before-update"; echo $?)" "and has what the rootfs had before the update"
ok "$(stopped; echo $?)" "t5 is stopped after the update"

# the update "breaks" the app
in_sim sh -c "rm $R/usr/bin/xeyes && touch $R/etc/after-update"
as_tester "$T5" ++cmd sleep 20 > /dev/null 2>&1 & hold=$!
for _ in $(seq 100); do running && break; sleep 0.05; done
err=$(as_tester "$T5" ++rollback 2>&1)
ok "$([ $? = 1 ] && one_line "$err" && grep -q 'is running; stop it first' <<< "$err" && in_sim test -e "$R.snapshot"; echo $?)" \
        "++rollback while it runs: refused, the snapshot kept"
as_tester "$T5" ++stop > /dev/null
wait "$hold"
stopped

is "$(as_tester "$T5" ++rollback 2>&1)" "Rolled t5 back to the snapshot taken before its last ++aptupdate." "++rollback"
ok "$(in_sim test -x "$R/usr/bin/xeyes" && in_sim test ! -e "$R/etc/after-update"; echo $?)" \
        "the app is back, what came after the snapshot is gone"
ok "$(in_sim test ! -e "$R.snapshot" && in_sim test ! -e "$R.rolled-back"; echo $?)" \
        "no snapshot and no leftover: the snapshot became the rootfs"
is "$(in_sim stat -c '%U %a' "$R")" "root 755" "the rootfs is root's, mode 755"
is "$(as_tester "$T5" ++cmd sh -c 'command -v xeyes')" /usr/bin/xeyes "t5 runs, with xeyes"
stopped

# an ephemeral container is updated on its real rootfs, never on the throwaway overlay
in_sim sh -c "sed -i 's/^ephemeral = .*/ephemeral = true/' $T5.conf && rm -rf $R/var/lib/apt/lists/* $R/etc/eph-probe"
as_tester "$T5" ++cmd sh -c 'sleep 20' > /dev/null 2>&1 & hold=$!
for _ in $(seq 100); do running && break; sleep 0.05; done
err=$(as_tester "$T5" ++aptupdate 2>&1)
ok "$([ $? = 1 ] && one_line "$err" && grep -q 'throwaway overlay' <<< "$err"; echo $?)" \
        "ephemeral: ++aptupdate while an instance runs on the overlay is refused"
as_tester "$T5" ++stop > /dev/null
wait "$hold"
stopped
as_tester "$T5" ++aptupdate > /dev/null 2>&1
rc=$?
ok "$([ "$rc" = 0 ] && [ -n "$(in_sim sh -c "ls $R/var/lib/apt/lists/ | grep Packages")" ]; echo $?)" \
        "ephemeral: ++aptupdate writes the real rootfs (apt's lists are on disk afterwards)"
stopped

# ++aptupdateall: every launcher with the marker beside t5's, nothing else
in_sim sh -c "cp /usr/local/libexec/app-container/appctl $BIN/stray && echo 'run = \"x\"' > $BIN/stray.conf && chown tester: $BIN/stray.conf"
out=$(as_tester "$T5" ++aptupdateall 2>&1)
rc=$?
[ "$rc" = 0 ] || diag "$(tail -5 <<< "$out")"
ok "$([ "$rc" = 0 ] && grep -qx '==> t1' <<< "$out" && grep -qx '==> t5' <<< "$out" && ! grep -q '==> stray' <<< "$out"; echo $?)" \
        "++aptupdateall updates t1 and t5, not a launcher whose conf lacks the marker"
in_sim sh -c "rm -rf $BIN/stray $BIN/stray.conf /var/lib/machines/t1.snapshot"

in_sim sh -c "rm -rf $R $R.snapshot $R.rolled-back $T5 $T5.conf $T5.recipe"
done_testing
