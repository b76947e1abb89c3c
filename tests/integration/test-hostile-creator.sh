#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make-app-container against a hostile user (issue 9, items 8 and 9): root works only on what it made
# for the caller, through fds opened without symlinks. Each attack, as tester (or tester2) or through
# "sudo make-app-container" with SUDO_USER set, is refused with one clear line and leaves no trace:
# nothing removed, created or chowned. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1

BIN=/home/tester/.local/bin
mac_sudo2() { in_sim env SUDO_USER=tester2 SUDO_UID=1001 SUDO_GID=1001 "$MAKE_APP_CONTAINER" "$@"; }
# refused DESC WANT OUT RC: a non-zero exit and exactly the one line WANT
refused() {
        if [ "$4" != 0 ] && [ "$3" = "$2" ]; then ok 0 "$1"; else
                ok 1 "$1"
                diag "rc $4; got: $3"
                diag "want: $2"
        fi
}
# an app NAME of tester's whose conf names DIR (and USER/UID): t1's conf, another directory
fake_app() {
        in_sim sh -c "cp $APPCTL $BIN/$1 && sed -e 's|^directory = .*|directory = \"$2\"|' \
                -e 's|^user = .*|user = \"${3:-tester}\"|' -e 's|^uid = .*|uid = ${4:-1000}|' \
                $BIN/t1.conf > $BIN/$1.conf && chown tester: $BIN/$1.conf"
}
# a root-owned tree that looks like a rootfs: etc/passwd listing USER:UID, and (RECIPE_NAME) a recipe
fake_rootfs() { # DIR USER UID [RECIPE_NAME]
        in_sim sh -c "mkdir -p $1/etc $1/var/lib/app-container && echo '$2:x:$3:$3::/home/$2:/bin/sh' > $1/etc/passwd &&
                echo keep > $1/keep && { [ -z '${4:-}' ] || echo 'name ${4:-}' > $1/var/lib/app-container/recipe; }"
}
cleanup() {
        in_sim sh -c "rm -rf /var/tmp/victim /var/tmp/decoy /var/tmp/outside /etc/xdir /var/lib/machines/v2 \
                /var/lib/machines/snap /var/lib/machines/h9 /var/lib/machines/h2 /var/lib/machines/h10 /home/tester/lnk /home/tester/sw /home/tester/v \
                /home/tester2/.local; for a in h1 h2 h3 h4 h5 h10 v2 snap out root; do rm -f $BIN/\$a $BIN/\$a.conf; done"
}
cleanup

# --- remove --purge: only a rootfs make-app-container made for this app and user -----------------------
in_sim sh -c 'mkdir -p /var/tmp/victim/victim && echo keep > /var/tmp/victim/victim/file'
as_tester ln -s /var/tmp/victim /home/tester/lnk
fake_app h1 /home/tester/lnk/victim
out=$(mac_sudo remove --purge --yes h1 2>&1 < /dev/null); rc=$?
refused "remove --purge of a root-owned directory reached through the user's symlink" \
        "make-app-container: $BIN/h1.conf: will not remove the root file system: directory /home/tester/lnk/victim is not in /var/lib/machines, where make-app-container makes root file systems" "$out" $rc
ok "$(in_sim test -f /var/tmp/victim/victim/file && in_sim test -e "$BIN/h1.conf"; echo $?)" "and nothing is removed"

# the symlink swapped while remove waits at its prompt (a terminal): the checked tree is no longer the path
in_sim sh -c 'mkdir -p /var/tmp/victim/h2 && echo keep > /var/tmp/victim/h2/file'
fake_rootfs /var/lib/machines/h2 tester 1000 h2
as_tester ln -s /var/lib/machines /home/tester/sw
fake_app h2 /home/tester/sw/h2
in_sim sh -c "(sleep 3; ln -sfn /var/tmp/victim /home/tester/sw; sleep 1; echo y) |
        SUDO_USER=tester SUDO_UID=1000 SUDO_GID=1000 script -qec '$MAKE_APP_CONTAINER remove --purge h2' /dev/null" > /dev/null 2>&1
ok "$(in_sim test -f /var/tmp/victim/h2/file && in_sim test -f /var/lib/machines/h2/keep; echo $?)" \
        "remove --purge, the path's symlink swapped during the prompt: nothing outside what was checked goes"
in_sim rm -f /home/tester/sw

fake_app h3 /
out=$(mac_sudo remove --purge --yes h3 2>&1 < /dev/null); rc=$?
refused "remove --purge of /" \
        "make-app-container: $BIN/h3.conf: will not remove the root file system: directory / is not in /var/lib/machines, where make-app-container makes root file systems" "$out" $rc
fake_app h3 /var/lib/machines/..
out=$(mac_sudo remove --purge --yes h3 2>&1 < /dev/null); rc=$?
refused "remove --purge of /var/lib/machines/.." \
        "make-app-container: $BIN/h3.conf:6: directory must be a normalized absolute path, got '/var/lib/machines/..'; fix it with 'make-app-container edit h3' first" "$out" $rc
ok "$(in_sim test -d /var/lib/machines/t1/usr && in_sim test -e "$BIN/h3.conf"; echo $?)" "and nothing is removed"

# another user's container: made for tester2's app v2, listing tester2
fake_rootfs /var/lib/machines/v2 tester2 1001 v2
fake_app h4 /var/lib/machines/v2
out=$(mac_sudo remove --purge --yes h4 2>&1 < /dev/null); rc=$?
refused "remove --purge of another app's rootfs" \
        "make-app-container: $BIN/h4.conf: will not remove the root file system: directory /var/lib/machines/v2 was made for the app v2, not h4" "$out" $rc
fake_app v2 /var/lib/machines/v2 tester2 1001
out=$(mac_sudo remove --purge --yes v2 2>&1 < /dev/null); rc=$?
refused "remove --purge of another user's rootfs under the same app name" \
        "make-app-container: $BIN/v2.conf: will not remove the root file system: the conf is for uid 1001, not yours (1000)" "$out" $rc
fake_app v2 /var/lib/machines/v2
out=$(mac_sudo remove --purge --yes v2 2>&1 < /dev/null); rc=$?
refused "remove --purge of a rootfs whose passwd lists another user" \
        "make-app-container: $BIN/v2.conf: will not remove the root file system: directory /var/lib/machines/v2: its etc/passwd has no user tester with uid 1000" "$out" $rc
ok "$(in_sim test -f /var/lib/machines/v2/keep; echo $?)" "and tester2's rootfs is still there"

# a host snapshot: root-owned, lists tester, but no recipe of make-app-container's
fake_rootfs /var/lib/machines/snap tester 1000
fake_app snap /var/lib/machines/snap
out=$(mac_sudo remove --purge --yes snap 2>&1 < /dev/null); rc=$?
refused "remove --purge of a root-owned tree without the recipe" \
        "make-app-container: $BIN/snap.conf: will not remove the root file system: directory /var/lib/machines/snap was not made by make-app-container (no /var/lib/app-container/recipe)" "$out" $rc
ok "$(in_sim test -f /var/lib/machines/snap/keep; echo $?)" "and it is still there"

# --- the launcher starts only such a rootfs -------------------------------------------------------------
out=$(as_tester "$BIN/snap" ++cmd true 2>&1); rc=$?
refused "launch of a host snapshot (no recipe)" \
        "snap: $BIN/snap.conf: directory /var/lib/machines/snap was not made by make-app-container (no /var/lib/app-container/recipe)" "$out" $rc
in_sim sh -c "mkdir -p /var/tmp/outside && cp -a /var/lib/machines/snap /var/tmp/outside/out && echo 'name out' > /var/tmp/outside/out/var/lib/app-container/recipe"
fake_app out /var/tmp/outside/out
out=$(as_tester "$BIN/out" ++cmd true 2>&1); rc=$?
refused "launch of a rootfs outside the machines directory" \
        "out: $BIN/out.conf: directory /var/tmp/outside/out is not in /var/lib/machines, where make-app-container makes root file systems" "$out" $rc
fake_app root /
out=$(as_tester "$BIN/root" ++cmd true 2>&1); rc=$?
refused "launch with directory = /" \
        "root: $BIN/root.conf: directory / is not in /var/lib/machines, where make-app-container makes root file systems" "$out" $rc
fake_rootfs /var/lib/machines/h10 tester 1000 h10
in_sim chown tester: /var/lib/machines/h10/var/lib/app-container/recipe
fake_app h10 /var/lib/machines/h10
out=$(as_tester "$BIN/h10" ++cmd true 2>&1); rc=$?
refused "launch of a rootfs whose recipe is not root's" \
        "h10: $BIN/h10.conf: directory /var/lib/machines/h10: /var/lib/app-container/recipe must be a file of root's not writable by others" "$out" $rc
fake_app v2 /var/lib/machines/v2
out=$(as_tester "$BIN/v2" ++cmd true 2>&1); rc=$?
ok "$([ $rc != 0 ] && [ "$(wc -l <<< "$out")" = 1 ]; echo $?)" "launch of another user's rootfs: refused, one line"
ok "$(in_sim sh -c 'machinectl list --no-legend | grep -qE "^(snap|out|root|v2) "'; [ $? = 1 ]; echo $?)" "no machine started"

# --- remove: the script dir's files go as the user --------------------------------------------------------
in_sim sh -c "mkdir -p /etc/xdir && cp $BIN/t1.conf /etc/xdir/h5.conf && cp $APPCTL /etc/xdir/h5"
out=$(mac_sudo remove --yes --script-dir /etc/xdir h5 2>&1 < /dev/null); rc=$?
refused "remove in a script dir that is not the user's" "make-app-container: /etc/xdir is not the directory of uid 1000: nothing removed" "$out" $rc
ok "$(in_sim test -f /etc/xdir/h5.conf && in_sim test -f /etc/xdir/h5; echo $?)" "and root's files there stay"

# --- what root reads in the script dir, it reads with the user's rights ------------------------------------
as_tester ln -sfn /etc/shadow "$BIN/h6.recipe"
out=$(mac_sudo show-recipe h6 2>&1 < /dev/null); rc=$?
refused "show-recipe through sudo of a recipe that is a symlink to /etc/shadow" \
        "make-app-container: Failed to open $BIN/h6.recipe: Permission denied" "$out" $rc
as_tester ln -sfn /etc/shadow "$BIN/h7.conf"
out=$(mac_sudo remove --yes h7 2>&1 < /dev/null); rc=$?
ok "$([ $rc != 0 ] && [ "$(wc -l <<< "$out")" = 1 ] && ! grep -q 'root:' <<< "$out"; echo $?)" \
        "remove through sudo of a conf that is a symlink to /etc/shadow: refused, one line, nothing of it shown"
diag "$out"
in_sim rm -f "$BIN/h6.recipe" "$BIN/h7.conf"
fake_app h8 /etc
out=$(mac_sudo list 2>&1 < /dev/null)
ok "$(grep -qE '^h8 +bookworm +stopped +0 +- +/etc$' <<< "$out"; echo $?)" "list through sudo measures no directory a conf names but a rootfs made for it"
diag "$(grep '^h8' <<< "$out")"
in_sim rm -f "$BIN/h8" "$BIN/h8.conf"

# --- create: the user's files, as the user, only in the user's own directory --------------------------------
deb=$(act_hello_deb)
in_sim sh -c 'mkdir -p /home/tester2/.local && chown tester2: /home/tester2/.local'
as_user tester2 ln -s /etc/xdir /home/tester2/.local/bin
out=$(mac_sudo2 create --packages 'x11-utils,x11-apps,iproute2,procps' --gui --privilege sudo --run xeyes \
        bookworm /var/lib/machines/h9 "$deb" 2>&1 < /dev/null); rc=$?
refused "create with ~/.local/bin a symlink to a root-owned directory" \
        "make-app-container: /home/tester2/.local/bin must be reached without symlinks: root installs the launcher there" "$out" $rc
ok "$(in_sim test ! -e /etc/xdir/h9 && in_sim test ! -e /etc/xdir/h9.conf && in_sim test ! -e /var/lib/machines/h9; echo $?)" \
        "and nothing is created in /etc/xdir or /var/lib/machines"
out=$(mac_sudo create --script-dir /etc/xdir --packages 'x11-utils,x11-apps,iproute2,procps' --gui --privilege sudo \
        --run xeyes bookworm /var/lib/machines/h9 "$deb" 2>&1 < /dev/null); rc=$?
refused "create --script-dir of root's" "make-app-container: /etc/xdir is not tester's own directory (its owner is uid 0)" "$out" $rc
ok "$(in_sim test ! -e /etc/xdir/h9.conf && in_sim test ! -e /var/lib/machines/h9; echo $?)" "and nothing is created"
out=$(mac_sudo create --packages x11-apps bookworm /var/tmp/outside/h9 "$deb" 2>&1 < /dev/null); rc=$?
refused "create outside the machines directory" \
        "make-app-container: /var/tmp/outside/h9 is not in /var/lib/machines, where make-app-container makes root file systems" "$out" $rc
in_sim cp -p /etc/shadow /var/tmp/shadow.before
as_tester ln -sfn /etc/shadow "$BIN/h9.conf"
out=$(mac_sudo create --packages x11-apps bookworm /var/lib/machines/h9 "$deb" 2>&1 < /dev/null); rc=$?
ok "$([ $rc != 0 ] && [ "$(wc -l <<< "$out")" = 1 ] && in_sim cmp -s /etc/shadow /var/tmp/shadow.before &&
        [ "$(in_sim stat -c %U /etc/shadow)" = root ]; echo $?)" "create with NAME.conf a symlink to /etc/shadow: refused, shadow untouched"
in_sim rm -f "$BIN/h9.conf" /var/tmp/shadow.before

# --- rebuild: the recipe's inputs are checked before root hands them to debootstrap and apt -----------------
in_sim cp -p "$BIN/t1.recipe" /var/tmp/t1.recipe.orig
in_sim sh -c 'echo secret > /root/secret.deb'
bad_recipe() { # DESC WANT SED-EXPR
        in_sim sh -c "cp -p /var/tmp/t1.recipe.orig $BIN/t1.recipe && sed -i '$3' $BIN/t1.recipe"
        out=$(mac_sudo --dry-run rebuild t1 2>&1 < /dev/null); rc=$?
        refused "$1" "$2" "$out" $rc
}
bad_recipe "rebuild: a package that is an apt option" \
        "make-app-container: $BIN/t1.recipe: '-oAPT::Get::AllowUnauthenticated=true' is not a valid package name" \
        '$a package -oAPT::Get::AllowUnauthenticated=true'
bad_recipe "rebuild: a mirror that is a debootstrap option" \
        "make-app-container: $BIN/t1.recipe: mirror must be an http:// or https:// URL, got '--foo'" 's|^mirror .*|mirror --foo|'
bad_recipe "rebuild: a file:/// mirror in root's directory" \
        "make-app-container: $BIN/t1.recipe: mirror must be an http:// or https:// URL, got 'file:///root/repo'" 's|^mirror .*|mirror file:///root/repo|'
bad_recipe "rebuild: an architecture that is an option" \
        "make-app-container: $BIN/t1.recipe: '--foreign' is not a valid Debian architecture" 's|^arch .*|arch --foreign|'
bad_recipe "rebuild: a .deb the user cannot read" "make-app-container: /root/secret.deb: Permission denied" \
        "s|^deb-file \([0-9a-f]*\) .*|deb-file \1 /root/secret.deb|"
in_sim mv /var/tmp/t1.recipe.orig "$BIN/t1.recipe"
in_sim rm -f /root/secret.deb

cleanup
done_testing
