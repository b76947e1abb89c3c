#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Desktop entries: NAME ++desktop and create --desktop take Name, Icon, Categories from the app's own
# .desktop inside the container, point Exec at the launcher, pass desktop-file-validate, are the
# user's (written as the user, whatever their home holds), and go with remove. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1
in_sim test -x /usr/bin/desktop-file-validate || skip_all "no desktop-file-validate in the simulator"

BIN=/home/tester/.local/bin
APPS=/home/tester/.local/share/applications
ICONS=/home/tester/.local/share/icons
R=/var/lib/machines/t1

# the app's own entry and icon, as a package would install them in the container
in_sim sh -c "mkdir -p $R/usr/share/applications $R/usr/share/icons/hicolor/48x48/apps &&
        printf '[Desktop Entry]\nType=Application\nName=XEyes\nName[de]=Augen\nComment=Eyes that follow the pointer\nExec=xeyes %%U\nIcon=act-xeyes\nCategories=Utility;Amusement;\n' > $R/usr/share/applications/act-xeyes.desktop &&
        printf 'PNG-BYTES-%s' t1 > $R/usr/share/icons/hicolor/48x48/apps/act-xeyes.png"
in_sim rm -rf "$APPS" "$ICONS"

out=$(as_tester "$BIN/t1" ++desktop 2>&1)
is "$out" "Wrote $APPS/app-container-t1.desktop." "t1 ++desktop"
entry=$(in_sim cat "$APPS/app-container-t1.desktop" 2>&1)
for want in '^Name=XEyes \(t1\)$' '^Comment=Eyes that follow the pointer, in the app container t1$' \
        "^Exec=$BIN/t1 %U\$" "^Icon=$ICONS/app-container-t1.png\$" '^Categories=Utility;Amusement;$' '^Type=Application$'; do
        grep -qE "$want" <<< "$entry" || { diag "missing: $want"; bad=1; }
done
ok "${bad:-0}" "Name, Comment, Icon, Categories from the app's entry; Exec runs the launcher"
ok "$(in_sim desktop-file-validate "$APPS/app-container-t1.desktop" > /dev/null 2>&1; echo $?)" "desktop-file-validate passes"
is "$(in_sim cat "$ICONS/app-container-t1.png")" "PNG-BYTES-t1" "the icon is copied out of the container"
is "$(in_sim stat -c '%U %a' "$APPS/app-container-t1.desktop" "$ICONS/app-container-t1.png" | tr '\n' ' ')" \
        "tester 644 tester 644 " "entry and icon are the user's"

# the user's home is theirs: a symlink there must not make root write elsewhere
in_sim sh -c "rm -f $APPS/app-container-t1.desktop && ln -s /etc/app-container-evil $APPS/app-container-t1.desktop && chown -h tester: $APPS/app-container-t1.desktop"
as_tester "$BIN/t1" ++desktop > /dev/null 2>&1
ok "$(in_sim test ! -e /etc/app-container-evil && in_sim test -f "$APPS/app-container-t1.desktop" && in_sim test ! -L "$APPS/app-container-t1.desktop"; echo $?)" \
        "a symlink in the user's applications folder is replaced, not followed"
# a container whose entry points outside itself: resolved inside the container
in_sim sh -c "echo host-secret-$$ > /etc/act-host-secret && chmod 600 /etc/act-host-secret &&
        rm $R/usr/share/icons/hicolor/48x48/apps/act-xeyes.png && ln -s /etc/act-host-secret $R/usr/share/icons/hicolor/48x48/apps/act-xeyes.png"
as_tester "$BIN/t1" ++desktop > /dev/null 2>&1
ok "$(in_sim sh -c "! grep -qs host-secret $ICONS/app-container-t1.png $APPS/app-container-t1.desktop"; echo $?)" \
        "an icon symlinked to a host file (/etc/act-host-secret) resolves inside the container: no host secret copied"
in_sim rm -f /etc/act-host-secret
in_sim sh -c "rm -f $R/usr/share/applications/act-xeyes.desktop $R/usr/share/icons/hicolor/48x48/apps/act-xeyes.png; rmdir $R/usr/share/applications 2>/dev/null; true"

as_tester "$BIN/t1" ++desktop > /dev/null 2>&1
entry=$(in_sim cat "$APPS/app-container-t1.desktop" 2>&1)
ok "$(grep -qx 'Name=t1' <<< "$entry" && grep -qx 'Icon=application-x-executable' <<< "$entry" && grep -qx "Exec=$BIN/t1" <<< "$entry"; echo $?)" \
        "no entry in the container: a generic one named after the app"

# create --desktop, and remove takes the entry along
deb=$(act_hello_deb)
in_sim sh -c "rm -rf /var/lib/machines/t6 $BIN/t6 $BIN/t6.*"
creator "${T1_ARGS[@]}" --desktop bookworm /var/lib/machines/t6 "$deb" > /dev/null 2>&1
ok $? "create --desktop t6"
ok "$(in_sim grep -qx 'Name=t6' "$APPS/app-container-t6.desktop" && [ "$(in_sim stat -c %U "$APPS/app-container-t6.desktop")" = tester ]; echo $?)" \
        "it wrote the user's entry for t6"
in_sim env SUDO_USER=tester SUDO_UID=1000 SUDO_GID=1000 make-app-container remove --purge --yes t6 > /dev/null 2>&1
ok "$(in_sim test ! -e "$APPS/app-container-t6.desktop" && in_sim test ! -e /var/lib/machines/t6; echo $?)" \
        "remove --purge t6 removes its entry too"
in_sim rm -rf "$APPS/app-container-t1.desktop" "$ICONS/app-container-t1.png"
done_testing
