#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A user's day with app containers, in the host simulator: list, show-recipe (and the rootfs's own
# copy of it), ++status on recipe and rootfs, edit (good, broken, as root through sudo), remove
# (running, --purge, refusals, waiting for the launcher's mutex). t3 and t4 are made from t1's
# inputs: a cache hit. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1

BIN=/home/tester/.local/bin
running() { in_sim machinectl show "$1" > /dev/null 2>&1; }
stopped() { for _ in $(seq 100); do running "$1" || return 0; sleep 0.1; done; return 1; }
# the creator as tester, or as root through "sudo" (SUDO_* set as sudo does)
mac_user() { as_tester "$MAKE_APP_CONTAINER" "$@"; }
one_line() { [ -n "$1" ] && [ "$(wc -l <<< "$1")" = 1 ]; }

in_sim sh -c "rm -rf /var/lib/machines/t3 /var/lib/machines/t4 $BIN/t3 $BIN/t3.* $BIN/t4 $BIN/t4.*"
create_t1 t3 > /dev/null 2>&1
ok $? "create t3 (t1's inputs, from the cache)"

# --- list -------------------------------------------------------------------------------------------
out=$(mac_user list 2> /dev/null)
diag "$(sed 's/^/  /' <<< "$out")"
ok "$(head -1 <<< "$out" | grep -q '^NAME  *DISTRO  *STATE  *INSTANCES  *SIZE  *DIRECTORY$'; echo $?)" "list: a header"
ok "$(grep -qE '^t1 +bookworm +stopped +0 +- +/var/lib/machines/t1$' <<< "$out" &&
        grep -qE '^t3 +bookworm +stopped +0 +- +/var/lib/machines/t3$' <<< "$out"; echo $?)" \
        "list as the user: t1 and t3, stopped, no size (the rootfs is root's)"
as_tester "$BIN/t3" ++cmd sleep 20 > /dev/null 2>&1 & hold=$!
for _ in $(seq 100); do running t3 && break; sleep 0.05; done
out=$(mac_sudo list 2>&1)
ok "$(grep -qE '^t3 +bookworm +running +1 +[0-9.]+ MiB +/var/lib/machines/t3$' <<< "$out"; echo $?)" \
        "list through sudo: t3 running, 1 instance, its size"
diag "$(grep '^t3' <<< "$out")"
# list's walk of a running app's rootfs (disk_usage): its root swaps 20 directories with symlinks to a
# host directory as fast as it can; root's walk must never count (or open) what lies there
mib() { awk '$1 == "t3" { v = $5; if ($6 == "GiB") v *= 1024; if ($6 == "KiB") v /= 1024; print ($5 == "-" ? "-" : int(v)) }'; }
# t3 runs for the whole attack, however long the lists take: an instance of its own, ended below
as_tester "$BIN/t3" ++cmd sleep 3600 > /dev/null 2>&1 & hold2=$!
leader=$(in_sim machinectl show t3 -p Leader --value)
inside() { in_sim nsenter -t "$leader" -a "$@"; }
cp "$BUILD_DIR/tests/race-swap" "$SHARE/race-swap"
in_sim sh -c "mkdir -p /var/tmp/act-secret && fallocate -l 256M /var/tmp/act-secret/big &&
        install -m 0755 $SHARE/race-swap /var/lib/machines/t3/usr/local/bin/race-swap"
pairs=()
for i in $(seq 20); do pairs+=("d$i" "l$i"); done
inside sh -c 'cd /var/tmp && mkdir race && cd race && for i in $(seq 20); do
        mkdir "d$i" && ln -s /var/tmp/act-secret "l$i"; done'
base=$(mac_sudo list 2> /dev/null | mib)
inside race-swap /var/tmp/race 120 "${pairs[@]}" &
swap=$!
sizes=
for _ in $(seq 15); do sizes="$sizes $(mac_sudo list 2> /dev/null | mib)"; done
check "the swaps went on through all 15 lists (the attack ran)" in_sim pgrep -x race-swap
in_sim pkill -x race-swap
wait "$swap"
worst=$(tr ' ' '\n' <<< "$sizes" | grep -x '[0-9]*' | sort -n | tail -1)
diag "t3 $base MiB alone; during the swaps (MiB, - when the walk saw the swap):$sizes"
ok "$([ -n "$base" ] && [ "$base" != - ] && [ "${worst:-0}" -lt $((base + 128)) ]; echo $?)" \
        "list while t3's root swaps directories with symlinks to a host directory: the 256 MiB there never counted"
inside rm -rf /var/tmp/race /usr/local/bin/race-swap
in_sim rm -rf /var/tmp/act-secret
inside pkill -f '^sleep 3600$'
wait "$hold2"
in_sim sh -c "printf 'garbage\n' > $BIN/notanapp.conf; : > $BIN/notanapp"
ok "$(mac_user list 2>&1 | grep -q notanapp; [ $? = 1 ]; echo $?)" "a .conf without the marker is not an app"
in_sim rm -f "$BIN/notanapp.conf" "$BIN/notanapp"

# --- the recipe -------------------------------------------------------------------------------------
recipe=$(mac_user show-recipe t3 2>&1)
sha=$(sha256sum "$SHARE/act-hello.deb" | cut -d' ' -f1)
for want in '^name t3$' '^distro bookworm$' '^base-key [0-9a-f]{64}$' "^deb-file $sha $SHARE/act-hello.deb\$" \
        '^package x11-apps$' '^run xeyes$' '^grant gui$' '^network off$' '^suite bookworm$' '^variant minbase$' \
        '^mirror http'; do
        grep -qE "$want" <<< "$recipe" || { diag "missing: $want"; bad=1; }
done
ok "${bad:-0}" "show-recipe: name, distro, base key, the .deb with its sha256, packages, grants, mirror"
is "$(in_sim cat /var/lib/machines/t3/var/lib/app-container/recipe)" "$recipe" \
        "the rootfs keeps the same recipe (root's copy)"
is "$(in_sim stat -c %U "$BIN/t3.recipe" /var/lib/machines/t3/var/lib/app-container/recipe | tr '\n' ' ')" \
        "tester root " "t3.recipe is the user's, the rootfs's copy root's"
st=$(as_tester "$BIN/t3" ++status)
ok "$(grep -q 'recipe: *matches the rootfs' <<< "$st"; echo $?)" "++status: the recipe matches the rootfs"
in_sim sh -c "sed -i 's/^package x11-apps$/package x11-apps-other/' $BIN/t3.recipe"
st=$(as_tester "$BIN/t3" ++status)
ok "$(grep -q 'recipe: *t3.recipe differs from the one the rootfs was built from' <<< "$st"; echo $?)" \
        "++status: an edited recipe disagrees with the rootfs"
in_sim cp /var/lib/machines/t3/var/lib/app-container/recipe "$BIN/t3.recipe"
in_sim sh -c "cp $SHARE/act-hello.deb $SHARE/act-hello.deb.orig && printf x >> $SHARE/act-hello.deb"
st=$(as_tester "$BIN/t3" ++status)
ok "$(grep -q "recipe: *$SHARE/act-hello.deb changed since the rootfs was built" <<< "$st"; echo $?)" \
        "++status: a .deb changed since the build"
diag "$(grep recipe: <<< "$st")"
in_sim sh -c "rm $SHARE/act-hello.deb && mkfifo $SHARE/act-hello.deb"
st=$(as_tester timeout 20 "$BIN/t3" ++status)
rc=$?
ok "$([ "$rc" = 0 ] && grep -q "recipe: *$SHARE/act-hello.deb is gone or no readable file" <<< "$st"; echo $?)" \
        "++status: a FIFO in the .deb's place neither hangs nor is read"
in_sim sh -c "rm -f $SHARE/act-hello.deb && mv $SHARE/act-hello.deb.orig $SHARE/act-hello.deb"
err=$(mac_user show-recipe nosuch 2>&1 >/dev/null)
rc=$?
ok "$([ "$rc" != 0 ] && one_line "$err"; echo $?)" "show-recipe of no such app: one error line"

# --- edit -------------------------------------------------------------------------------------------
in_sim sh -c 'cat > /var/tmp/ed-net && chmod 755 /var/tmp/ed-net' <<'EOF'
#!/bin/sh
# a scripted editor: MODE picks the edit
id -u > /tmp/editor-uid
case "$ED_MODE" in
good) sed -i 's/^network = .*/network = on/' "$1" ;;
broken) sed -i 's/^network = .*/network = wifi/' "$1" ;;
marker) sed -i 1d "$1" ;;
none) ;;
fail) exit 3 ;;
esac
EOF
before=$(in_sim cat "$BIN/t3.conf")
err=$(as_tester env EDITOR=/var/tmp/ed-net ED_MODE=broken "$MAKE_APP_CONTAINER" edit t3 2>&1 < /dev/null)
rc=$?
diag "$err"
ok "$([ "$rc" != 0 ] && grep -q "^make-app-container: $BIN/t3.conf:[0-9]*: network must be one of off, on, nat, separate, got 'wifi'" <<< "$err"; echo $?)" \
        "edit, broken: refused with file:line: message (the real file's name)"
is "$(in_sim cat "$BIN/t3.conf")" "$before" "and t3.conf is unchanged"
is "$(in_sim sh -c "ls -A $BIN | grep -c '^\.t3\.conf'")" 0 "and no copy is left behind"
as_tester env EDITOR=/var/tmp/ed-net ED_MODE=marker "$MAKE_APP_CONTAINER" edit t3 < /dev/null > /dev/null 2>&1
rc=$?
ok "$([ "$rc" != 0 ] && [ "$(in_sim cat "$BIN/t3.conf")" = "$before" ]; echo $?)" "edit, marker line removed: refused, unchanged"
as_tester env EDITOR=/var/tmp/ed-net ED_MODE=fail "$MAKE_APP_CONTAINER" edit t3 < /dev/null > /dev/null 2>&1
rc=$?
ok "$([ "$rc" != 0 ] && [ "$(in_sim cat "$BIN/t3.conf")" = "$before" ]; echo $?)" "edit, the editor fails: unchanged"
is "$(as_tester env VISUAL=/var/tmp/ed-net ED_MODE=none "$MAKE_APP_CONTAINER" edit t3 2>&1 < /dev/null)" \
        "make-app-container: No changes to $BIN/t3.conf." "edit, no change (VISUAL wins over EDITOR)"
as_tester env EDITOR=/var/tmp/ed-net ED_MODE=good "$MAKE_APP_CONTAINER" edit t3 < /dev/null > /dev/null 2>&1
rc=$?
ok "$([ "$rc" = 0 ] && in_sim grep -qx 'network = on' "$BIN/t3.conf"; echo $?)" "edit, good: saved"
is "$(in_sim stat -c '%U %a' "$BIN/t3.conf")" "tester 644" "still the user's, mode 644"
in_sim rm -f /tmp/editor-uid
in_sim env SUDO_USER=tester SUDO_UID=1000 SUDO_GID=1000 EDITOR=/var/tmp/ed-net ED_MODE=none "$MAKE_APP_CONTAINER" edit t3 < /dev/null > /dev/null 2>&1
is "$(in_sim cat /tmp/editor-uid 2>&1)" 1000 "edit through sudo: the editor runs as the user, not root"
err=$(in_sim env EDITOR=/var/tmp/ed-net ED_MODE=none "$MAKE_APP_CONTAINER" edit --script-dir "$BIN" t3 2>&1 < /dev/null)
rc=$?
ok "$([ "$rc" != 0 ] && one_line "$err" && grep -q 'not as root' <<< "$err"; echo $?)" "edit as plain root: refused, one line"

# --- remove -----------------------------------------------------------------------------------------
err=$(mac_user remove --yes t3 2>&1 < /dev/null)
rc=$?
ok "$([ "$rc" != 0 ] && one_line "$err" && running t3; echo $?)" "remove as the user: refused (needs root), t3 untouched"
mac_sudo remove --yes t3 < /dev/null > /dev/null 2>&1
ok $? "remove --yes t3 (running) through sudo"
wait "$hold"
ok "$(stopped t3; echo $?)" "it stopped t3"
is "$(in_sim sh -c "ls $BIN/t3 $BIN/t3.conf $BIN/t3.recipe 2>&1 | grep -c 'No such'")" 3 "launcher, conf and recipe are gone"
ok "$(in_sim test -d /var/lib/machines/t3/usr; echo $?)" "without --purge the rootfs stays"
err=$(mac_sudo remove --yes t3 2>&1 < /dev/null)
rc=$?
ok "$([ "$rc" != 0 ] && one_line "$err"; echo $?)" "remove of no such app: one error line"
diag "$err"

create_t1 t4 > /dev/null 2>&1
ok $? "create t4"
# a launch holds the app's mutex (host/refcount.h) while it starts the container: remove waits
# for it rather than stopping and removing in the middle. Root makes the lock file for tester, as
# the launcher does.
LOCK=/run/app-container/1000/lock/t4.lock
in_sim sh -c "rm -f /tmp/t4-held /tmp/t4-release; install -o tester -g tester -m 600 /dev/null $LOCK"
as_tester sh -c "exec 9< $LOCK && flock 9 && touch /tmp/t4-held &&
        for i in \$(seq 200); do [ -e /tmp/t4-release ] && exit 0; sleep 0.1; done" & locker=$!
for _ in $(seq 100); do in_sim test -e /tmp/t4-held && break; sleep 0.1; done
in_sim env SUDO_USER=tester SUDO_UID=1000 SUDO_GID=1000 timeout 2 "$MAKE_APP_CONTAINER" remove --yes t4 < /dev/null > /dev/null 2>&1
rc=$?
ok "$([ "$rc" = 124 ] && in_sim test -e "$BIN/t4" && in_sim test -e "$BIN/t4.conf"; echo $?)" \
        "remove while a launch holds t4's mutex: it waits, nothing removed"
in_sim touch /tmp/t4-release
wait "$locker"
in_sim rm -f /tmp/t4-held /tmp/t4-release
in_sim sh -c "sed -i 's|^directory = .*|directory = \"/home/tester\"|' $BIN/t4.conf"
err=$(mac_sudo remove --purge --yes t4 2>&1 < /dev/null)
rc=$?
ok "$([ "$rc" != 0 ] && one_line "$err" && in_sim test -e "$BIN/t4" && in_sim test -d /home/tester; echo $?)" \
        "remove --purge with a directory that is no container rootfs: refused, nothing removed"
diag "$err"
# one the user owns, away from the script dir: refused by the machines-directory rule
in_sim sh -c "rm -rf /srv/t4-user && mkdir -p /srv/t4-user/usr && chown -R tester: /srv/t4-user &&
        sed -i 's|^directory = .*|directory = \"/srv/t4-user\"|' $BIN/t4.conf"
err=$(mac_sudo remove --purge --yes t4 2>&1 < /dev/null)
rc=$?
ok "$([ "$rc" != 0 ] && one_line "$err" && in_sim test -e "$BIN/t4" && in_sim test -d /srv/t4-user/usr; echo $?)" \
        "remove --purge with a directory the user owns: refused, nothing removed"
diag "$err"
in_sim rm -rf /srv/t4-user
# in the machines directory, with root's recipe for t4 and tester in its passwd, but the top
# directory the user's: refused by the owner rule alone
in_sim sh -c "M=/var/lib/machines; rm -rf \$M/t4-user && mkdir -p \$M/t4-user/etc \$M/t4-user/var/lib/app-container &&
        cp \$M/t1/etc/passwd \$M/t4-user/etc/ && echo 'name t4' > \$M/t4-user/var/lib/app-container/recipe &&
        chown tester: \$M/t4-user && sed -i 's|^directory = .*|directory = \"/var/lib/machines/t4-user\"|' $BIN/t4.conf"
err=$(mac_sudo remove --purge --yes t4 2>&1 < /dev/null)
rc=$?
ok "$([ "$rc" != 0 ] && one_line "$err" && grep -q 'must be a directory owned by root' <<< "$err" &&
        in_sim test -e "$BIN/t4" && in_sim test -e /var/lib/machines/t4-user/etc/passwd; echo $?)" \
        "remove --purge of a rootfs the user owns in the machines directory: refused by the owner rule, nothing removed"
diag "$err"
in_sim rm -rf /var/lib/machines/t4-user
# a root-owned directory that holds the script dir (here --script-dir inside it): never purged
in_sim sh -c "rm -rf /srv/purge-root && mkdir -p /srv/purge-root/bin && cp /usr/local/libexec/app-container/appctl /srv/purge-root/bin/pr &&
        sed 's|^directory = .*|directory = \"/srv/purge-root\"|' $BIN/t4.conf > /srv/purge-root/bin/pr.conf"
err=$(mac_sudo remove --purge --yes --script-dir /srv/purge-root/bin pr 2>&1 < /dev/null)
rc=$?
ok "$([ "$rc" != 0 ] && one_line "$err" && in_sim test -e /srv/purge-root/bin/pr.conf; echo $?)" \
        "remove --purge of a directory that holds the script dir: refused, nothing removed"
diag "$err"
in_sim rm -rf /srv/purge-root
in_sim sh -c "sed -i 's|^directory = .*|directory = \"/var/lib/machines/t4\"|' $BIN/t4.conf"
mac_sudo remove --purge --yes t4 < /dev/null > /dev/null 2>&1
rc=$?
ok "$([ "$rc" = 0 ] && in_sim test ! -e /var/lib/machines/t4 && in_sim test ! -e "$BIN/t4.conf"; echo $?)" \
        "remove --purge: the rootfs is gone too"
in_sim rm -rf /var/lib/machines/t3 /var/tmp/ed-net /tmp/editor-uid
done_testing
