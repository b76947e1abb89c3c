#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make-app-container rebuild NAME: the rootfs made again from NAME.recipe and swapped in, only for a
# stopped container and only for a root file system make-app-container made; a changed recipe is a
# new cache key. On t7, made from t1's inputs (a cache hit). TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1

BIN=/home/tester/.local/bin
R=/var/lib/machines/t7
running() { in_sim machinectl show t7 > /dev/null 2>&1; }
stopped() { for _ in $(seq 100); do running || return 0; sleep 0.1; done; return 1; }
one_line() { [ -n "$1" ] && [ "$(wc -l <<< "$1")" = 1 ]; }
mac_sudo() { in_sim env SUDO_USER=tester SUDO_UID=1000 SUDO_GID=1000 make-app-container "$@"; }

in_sim sh -c "rm -rf $R $R.rebuild $R.old $BIN/t7 $BIN/t7.*"
# with a grant t1 has not (the base stays t1's): the rebuild must keep it
T1_ARGS+=(--userns --dbus filtered --dbus-talk org.example.Rebuild)
create_t1 t7 > /dev/null 2>&1
ok $? "create t7"
recipe=$(in_sim cat "$BIN/t7.recipe")
ok "$(in_sim grep -qx 'userns = true' "$BIN/t7.conf" && grep -qx 'grant userns' <<< "$recipe"; echo $?)" \
        "--userns: userns = true in t7.conf, grant userns in t7.recipe"
dbus_keys() { in_sim grep -E '^dbus(-talk)? = ' "$BIN/t7.conf"; }
is "$(dbus_keys)" 'dbus = filtered
dbus-talk = {"org.freedesktop.Notifications", "org.kde.StatusNotifierWatcher", "org.freedesktop.ScreenSaver", "org.freedesktop.portal.*", "org.example.Rebuild"}' \
        "--dbus filtered --dbus-talk NAME: dbus = filtered, the default names and NAME in t7.conf"
in_sim touch "$R/etc/made-after-create"

err=$(as_tester make-app-container rebuild t7 2>&1)
rc=$?
ok "$([ "$rc" != 0 ] && one_line "$err"; echo $?)" "rebuild as the user: refused, one line"
as_tester "$BIN/t7" ++cmd sleep 20 > /dev/null 2>&1 & hold=$!
for _ in $(seq 100); do running && break; sleep 0.05; done
err=$(mac_sudo rebuild t7 2>&1)
rc=$?
ok "$([ "$rc" != 0 ] && one_line "$err" && grep -q 'is running; stop it first' <<< "$err" && in_sim test -e "$R/etc/made-after-create"; echo $?)" \
        "rebuild while it runs: refused, nothing touched"
as_tester "$BIN/t7" ++stop > /dev/null
wait "$hold"
stopped

out=$(mac_sudo rebuild t7 2>&1)
rc=$?
[ "$rc" = 0 ] || diag "$(tail -5 <<< "$out")"
is "$rc" 0 "rebuild t7"
ok "$(grep -q 'base: reusing the cache' <<< "$out" && grep -q "Rebuilt t7 in $R from its recipe" <<< "$out"; echo $?)" \
        "from the cached base of the same inputs"
ok "$(in_sim test ! -e "$R/etc/made-after-create" && in_sim test ! -e "$R.rebuild" && in_sim test ! -e "$R.old"; echo $?)" \
        "a fresh rootfs in place: what came after the create is gone, no leftovers"
is "$(in_sim stat -c '%U %a' "$R")" "root 755" "root's, mode 755"
is "$(in_sim cat "$BIN/t7.recipe")" "$recipe" "the same recipe"
ok "$(in_sim grep -qx 'userns = true' "$BIN/t7.conf"; echo $?)" "the rebuild keeps t7.conf's userns = true"
is "$(dbus_keys)" 'dbus = filtered
dbus-talk = {"org.freedesktop.Notifications", "org.kde.StatusNotifierWatcher", "org.freedesktop.ScreenSaver", "org.freedesktop.portal.*", "org.example.Rebuild"}' \
        "and its dbus = filtered and dbus-talk names"
ok "$(grep -q 'recipe: *matches the rootfs' <<< "$(as_tester "$BIN/t7" ++status)"; echo $?)" "++status: recipe and rootfs agree"
is "$(as_tester "$BIN/t7" ++cmd sh -c 'id -un; dpkg-query -W -f="\${Status}" act-hello' | tr '\n' ' ')" "tester install ok installed" \
        "t7 runs as tester, with the .deb installed"
stopped

# a changed input is another layer: the plan (dry run) installs it on a copy of the cached core,
# under a new key, with no debootstrap
key=$(sed -n 's/^base-key //p' <<< "$recipe")
in_sim sh -c "cp -p $BIN/t7.recipe $BIN/t7.recipe.orig && echo 'package cowsay' >> $BIN/t7.recipe"
plan=$(mac_sudo --dry-run rebuild t7 2>&1)
ok "$(grep -q 'base: reusing the cached core' <<< "$plan" && grep -q 'base: apt-get install into a copy of the core' <<< "$plan" &&
        ! grep -q -e 'of the core [0-9a-f]* (a few minutes)' -e '/debootstrap ' -e '/mmdebstrap ' <<< "$plan" && ! grep -q "$key" <<< "$plan"; echo $?)" \
        "an added package: a new cache key, a new layer on the cached core (--dry-run shows it)"
ok "$(in_sim test ! -e "$R.rebuild"; echo $?)" "and --dry-run changed nothing"
in_sim mv "$BIN/t7.recipe.orig" "$BIN/t7.recipe"

in_sim sh -c "sed -i 's|^directory = .*|directory = \"/home/tester\"|' $BIN/t7.conf"
err=$(mac_sudo rebuild t7 2>&1)
rc=$?
ok "$([ "$rc" != 0 ] && one_line "$err" && grep -q 'no root file system made by make-app-container' <<< "$err" && in_sim test -d /home/tester/.local; echo $?)" \
        "a conf pointing at another directory: refused, one line, nothing moved"
diag "$err"
# root's own directory with an etc/passwd, but no recipe of ours: not a rootfs we made
in_sim sh -c "rm -rf /srv/t7-other && mkdir -p /srv/t7-other/etc && cp /var/lib/machines/t1/etc/passwd /srv/t7-other/etc/ &&
        touch /srv/t7-other/etc/marker && sed -i 's|^directory = .*|directory = \"/srv/t7-other\"|' $BIN/t7.conf"
err=$(mac_sudo rebuild t7 2>&1)
rc=$?
ok "$([ "$rc" != 0 ] && one_line "$err" && grep -q 'no root file system made by make-app-container' <<< "$err" &&
        in_sim test -e /srv/t7-other/etc/marker && in_sim test ! -e /srv/t7-other.rebuild; echo $?)" \
        "a conf pointing at a root-owned directory without our recipe: refused, one line, nothing moved"
diag "$err"
in_sim rm -rf /srv/t7-other /srv/t7-other.rebuild /srv/t7-other.old
in_sim sh -c "rm -rf $R $R.rebuild $R.old $BIN/t7 $BIN/t7.*"
done_testing
