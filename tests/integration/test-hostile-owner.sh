#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Who may act on which container (issue 9, items 4-7, 10, 12): a second user (tester2) with an app
# of the same name as tester's running t1 tries to stop, enter, update, roll back, release, lock
# and kill it; names built to collide with another app's objects; units and machines our launcher
# did not make. Each is refused with one line, and nothing changes on the host: t1 still runs, no
# unit started, no file created. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1

T1=/home/tester/.local/bin/t1
REFUSED='machine t1 is in use by another user'
running() { in_sim machinectl show t1 > /dev/null 2>&1 && in_sim systemctl is-active -q app-container-t1.service; }
# what an attack must leave alone: run dir, units, machines, rootfses
host_state() {
        in_sim sh -c 'find /run/app-container -printf "%p %u %m\n" 2> /dev/null | sort
                systemctl list-units --all --plain --no-legend "app-container*" "plain*" | awk "{print \$1, \$3, \$4}"
                machinectl list --no-legend | awk "{print \$1}"; ls -a /var/lib/machines'
}
# mkfake USER UID NAME DIR [CONF LINES]: a launcher NAME of USER's for the root file system DIR (made
# unless it exists: a root-owned tree whose passwd lists USER, with root's recipe, what the rootfs
# checks pass; so that what refuses an attack is the owner rule, not the rootfs rules)
mkfake() {
        local user=$1 uid=$2 name=$3 dir=$4 bin=/home/$1/.local/bin
        shift 4
        in_sim sh -c 'test -e "$1/etc/passwd" && exit 0; mkdir -p "$1/etc" "$1/var/lib/app-container" &&
                echo "$2:x:$3:$3::/home/$2:/bin/sh" > "$1/etc/passwd" && echo "$2:x:$3:" > "$1/etc/group" &&
                echo "name $4" > "$1/var/lib/app-container/recipe" && chown -R root:root "$1" && chmod 755 "$1"' sh "$dir" "$user" "$uid" "$name"
        in_sim sh -c 'mkdir -p "$1" && cp "$2" "$1/$3" && chown -R "$4:$4" "$(dirname "$1")"' sh "$bin" "$APPCTL" "$name" "$user"
        { printf '# app-container launcher configuration\ndirectory = "%s"\ndistro = "bookworm"\n' "$dir"
          printf 'user = "%s"\nuid = %s\ngid = %s\nrun = "true"\nprivilege = "sudo"\n' "$user" "$uid" "$uid"
          printf '%s\n' "$@"; } | in_sim sh -c 'cat > "$1" && chown "$2:$2" "$1"' sh "$bin/$name.conf" "$user"
}
# attack DESC WANT CMD...: CMD (as the attacker) prints WANT, t1 still runs, nothing changed
attack() {
        local desc=$1 want=$2 before out after
        shift 2
        before=$(host_state)
        out=$("$@" 2>&1)
        after=$(host_state)
        if grep -qF -- "$want" <<< "$out" && running && [ "$before" = "$after" ]; then ok 0 "$desc"; else
                ok 1 "$desc"
                diag "output: $out"
                running || diag "t1 is no longer running"
                [ "$before" = "$after" ] || diag "changed: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | tr '\n' ' ')"
        fi
}
as2() { as_user tester2 "$@"; }
B2=/home/tester2/.local/bin

in_sim sh -c 'machinectl terminate t1 2> /dev/null; systemctl stop "app-container-*" "plain*" 2> /dev/null; rm -rf /run/app-container /var/lib/machines/fake-*'
mkfake tester2 1001 t1 /var/lib/machines/fake-t2
mkfake tester2 1001 t1.lock /var/lib/machines/fake-t2
mkfake tester2 1001 t1.ref /var/lib/machines/fake-t2

# --- names that would reach another app's objects (before t1 ever ran since the sim booted) ---------
as2 "$B2/t1.lock" ++stop > /dev/null 2>&1
as2 "$B2/t1.ref" ++stop > /dev/null 2>&1
check "an app named t1.lock or t1.ref makes nothing where t1's lock files are" \
        in_sim sh -c '! find /run/app-container -path /run/app-container/1001 -prune -o -type d \( -name t1.lock -o -name t1.ref \) -print | grep -q .'
as_tester "$T1" ++cmd true > /dev/null 2>&1
is "$?" 0 "t1 still launches after them"

as_tester "$T1" ++cmd sleep 600 > /dev/null 2>&1 &
hold=$!
for _ in $(seq 200); do running && break; sleep 0.1; done
check "t1 runs (tester)" running

# --- tester2's own app named t1 -------------------------------------------------------------------
attack "tester2's t1 ++stop: refused" "$REFUSED" as2 "$B2/t1" ++stop
attack "tester2's t1 ++cmd (enter): refused" "$REFUSED" as2 "$B2/t1" ++cmd true
attack "tester2's t1 (run): refused" "$REFUSED" as2 "$B2/t1"
attack "tester2's t1 ++start: refused" "$REFUSED" as2 "$B2/t1" ++start
attack "tester2's t1 ++aptupdate: refused before any snapshot or apt" "$REFUSED" as2 "$B2/t1" ++aptupdate
attack "tester2's t1 ++aptupdate ++dry-run: refused" "$REFUSED" as2 "$B2/t1" ++dry-run ++aptupdate
attack "tester2's t1 ++rollback: refused" "$REFUSED" as2 "$B2/t1" ++rollback
attack "tester2's ++internal-release of t1 (sudo appctl directly): refused" "$REFUSED" \
        as2 sudo -n "$APPCTL" ++internal-name=t1 "++internal-conf=$B2/t1.conf" ++internal-release
attack "tester2's ++internal-name=t1 ++stop (sudo appctl directly): refused" "$REFUSED" \
        as2 sudo -n "$APPCTL" ++internal-name=t1 "++internal-conf=$B2/t1.conf" ++stop
# a conf of tester2's naming tester's own rootfs: the rootfs alone does not make t1 theirs
in_sim sh -c "mkdir -p /home/tester2/other && sed 's|^directory = .*|directory = \"/var/lib/machines/t1\"|' $B2/t1.conf > /home/tester2/other/t1.conf && chown -R tester2: /home/tester2/other"
for a in ++stop ++internal-release; do
        attack "tester2's conf with tester's rootfs, $a: refused" "$REFUSED" \
                as2 sudo -n "$APPCTL" ++internal-name=t1 ++internal-conf=/home/tester2/other/t1.conf "$a"
done
in_sim rm -rf /home/tester2/other
attack "tester2's ++aptupdateall over a script dir with t1: refused" "$REFUSED" as2 "$B2/t1" ++dry-run ++aptupdateall

# ++aptupdateall lists the conf's directory as the caller: a directory tester may pass (0711) but
# not read keeps its names
in_sim sh -c 'mkdir -p /srv/hid && chmod 711 /srv/hid && cp /home/tester/.local/bin/t1.conf /srv/hid/t1.conf &&
        cp /home/tester/.local/bin/t1.conf /srv/hid/hidden-app.conf && cp /usr/local/libexec/app-container/appctl /srv/hid/hidden-app &&
        chmod 644 /srv/hid/*.conf'
out=$(as_tester sudo -n "$APPCTL" ++internal-name=t1 ++internal-conf=/srv/hid/t1.conf ++aptupdateall 2>&1)
ok "$(grep -q 'Failed to list /srv/hid: Permission denied' <<< "$out" && ! grep -q hidden-app <<< "$out"; echo $?)" \
        "++aptupdateall does not list a directory the caller cannot read" || diag "$out"
in_sim rm -rf /srv/hid

# --- tester's lock files, systemd and machined directly -------------------------------------------
mapfile -t locks < <(in_sim find /run/app-container -path /run/app-container/1001 -prune -o -type f \( -name t1.lock -o -name t1.ref \) -print)
ok "$([ "${#locks[@]}" -gt 0 ]; echo $?)" "t1 has lock files (${locks[*]})"
for f in "${locks[@]}"; do
        attack "tester2 cannot open $f to hold flock -x on it" "$f" as2 flock -n -x "$f" true
        attack "tester2 cannot open $f to hold flock -s on it" "$f" as2 flock -n -s "$f" true
done
is "$(in_sim stat -c '%U %a' "${locks[@]}" | sort -u | tr '\n' ' ')" "tester 600 " "t1's lock files: tester's, 0600"
attack "tester2: machinectl poweroff t1 fails" "" as2 machinectl poweroff t1
attack "tester2: machinectl terminate t1 fails" "" as2 machinectl terminate t1
attack "tester2: systemctl stop app-container-t1.service fails" "" \
        as2 systemctl stop app-container-t1.service
is "$(meson introspect --installed "$BUILD_DIR" | tr ',' '\n' | grep -c 'rules.d')" 0 \
        "no polkit rule is installed: nobody is granted other users' units or machines"

# --- units and machines our launcher did not make ---------------------------------------------------
in_sim systemd-run -q --unit=app-container-plain1.service sleep 600
mkfake tester 1000 plain1 /var/lib/machines/fake-plain1
attack "a unit named app-container-plain1.service, not ours: ++internal-release refuses to stop it" \
        "machine plain1 is in use by another user" \
        as_tester sudo -n "$APPCTL" ++internal-name=plain1 ++internal-conf=/home/tester/.local/bin/plain1.conf ++internal-release
check "... and it still runs" in_sim systemctl is-active -q app-container-plain1.service

in_sim systemd-run -q --unit=plain2-leader.service sleep 600
leader=$(in_sim systemctl show -p MainPID --value plain2-leader.service)
in_sim busctl call org.freedesktop.machine1 /org/freedesktop/machine1 org.freedesktop.machine1.Manager \
        RegisterMachine sayssus plain2 0 test container "$leader" /var/lib/machines/fake-plain2 > /dev/null
mkfake tester 1000 plain2 /var/lib/machines/fake-plain2
attack "a machine plain2 registered by someone else: ++stop refuses" "machine plain2 is in use by another user" \
        as_tester /home/tester/.local/bin/plain2 ++stop
attack "... ++cmd refuses to enter it" "machine plain2 is in use by another user" \
        as_tester /home/tester/.local/bin/plain2 ++cmd true
check "... and it is still registered" in_sim machinectl show plain2

# --- gui-private's X server has a unit name no app name reaches ------------------------------------
mkfake tester 1000 xa /var/lib/machines/fake-xa 'gui-private = true'
out=$(as_tester /home/tester/.local/bin/xa ++dry-run ++start 2>&1)
ok "$(grep -q 'StartTransientUnit("app-container-xephyr@1000-xa.service"' <<< "$out" &&
        ! grep -q 'app-container-xa-xephyr.service' <<< "$out"; echo $?)" \
        "xa's Xephyr unit is app-container-xephyr@1000-xa.service, which no app (xa-xephyr) can be" ||
        diag "$out"

# --- vice versa: tester2's running app v2, attacked by tester ------------------------------------
# v2's root file system: a copy of t1's with tester2 in it (what the rootfs check of the privileged
# half asks of a container of tester2's)
U2=/var/lib/machines/u2
in_sim sh -c "rm -rf $U2 && cp -a --reflink=auto /var/lib/machines/t1 $U2 &&
        echo 'tester2:x:1001:1001::/home/tester2:/bin/sh' >> $U2/etc/passwd && echo 'tester2:x:1001:' >> $U2/etc/group"
mkfake tester2 1001 v2 "$U2"
in_sim sh -c "sed -i 's/^run = .*/run = \"sleep 600\"/' $B2/v2.conf"
as2 "$B2/v2" > /dev/null 2>&1 &
hold2=$!
v2_running() { in_sim machinectl show v2 > /dev/null 2>&1 && in_sim systemctl is-active -q app-container-v2.service; }
for _ in $(seq 200); do v2_running && in_sim test -S /run/app-container/1001/state/v2/agent.sock && break; sleep 0.1; done
check "tester2's v2 runs" v2_running
is "$(as2 "$B2/v2" ++show ++cmd id -un 2>&1 | grep -c 'agent: run the app')" 1 "tester2's own launch takes the warm path"
mkfake tester 1000 v2 /var/lib/machines/fake-v2
REFUSED2='machine v2 is in use by another user'
for a in ++stop "++cmd true" ++start ++aptupdate ++rollback; do
        # shellcheck disable=SC2086 # the action and its argument
        attack "tester's v2 $a: refused, tester2's v2 untouched" "$REFUSED2" as_tester /home/tester/.local/bin/v2 $a
        v2_running || diag "v2 stopped after $a"
done
attack "tester's ++internal-release of v2: refused" "$REFUSED2" as_tester sudo -n "$APPCTL" ++internal-name=v2 \
        ++internal-conf=/home/tester/.local/bin/v2.conf ++internal-release
for f in /run/app-container/1001/lock/v2.lock /run/app-container/1001/lock/v2.ref; do
        attack "tester cannot open $f to hold flock -x on it" "$f" as_tester flock -n -x "$f" true
done
is "$(in_sim stat -c '%U %a' /run/app-container/1001/state/v2/agent.sock)" "tester2 600" "v2's agent socket is tester2's alone"
attack "tester: machinectl poweroff v2 fails" "" as_tester machinectl poweroff v2
check "tester2's v2 still runs after every attack" v2_running
as2 "$B2/v2" ++stop > /dev/null 2>&1
wait "$hold2"
check "tester2 stops their own v2" sh -c '! "$0" exec machinectl show v2 > /dev/null 2>&1' "$SIM"
in_sim rm -rf "$U2" /var/lib/machines/fake-v2 /home/tester/.local/bin/v2 /home/tester/.local/bin/v2.conf

# --- tester's t1 is untouched --------------------------------------------------------------------
check "t1 still runs after every attack" running
in_sim sh -c 'systemctl stop app-container-plain1.service plain2-leader.service; machinectl terminate plain2' > /dev/null 2>&1
as_tester "$T1" ++stop > /dev/null 2>&1
wait "$hold"
in_sim rm -rf /var/lib/machines/fake-t2 /var/lib/machines/fake-xa /home/tester/.local/bin/xa /home/tester/.local/bin/xa.conf /var/lib/machines/fake-plain1 /var/lib/machines/fake-plain2 \
        /home/tester2/.local/bin /home/tester/.local/bin/plain1 /home/tester/.local/bin/plain1.conf \
        /home/tester/.local/bin/plain2 /home/tester/.local/bin/plain2.conf
done_testing
