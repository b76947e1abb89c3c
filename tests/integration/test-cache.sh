#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The creator's layered cache (creator/cache.h): a core per distro shared by every app, a layer per
# package set on a copy of it; the shared archive cache; make-app-container gc; the progress line.
# Runs the real creator in the simulator with the host's network (apt fetches). TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root (sudo tests/run)"
sim_start --host-network || skip_all "host simulator cannot start"
in_sim timeout 60 apt-get -qq update > /dev/null 2>&1 || skip_all "the Debian mirror is out of reach"

C=/var/cache/app-container # in the sim
log=$ACT_TEST_DIR/test-cache.log
one_line() { [ -n "$1" ] && [ "$(wc -l <<< "$1")" = 1 ]; }
# mk NAME ARGS...: an app for tester (as sudo runs the creator), its output in $raw, and in $log and
# $out with each rewrite of a progress line on a line of its own; TTY=1: on a terminal (script's pty)
mk() {
        local name=$1 q
        shift
        rc=0
        if [ "${TTY:-0}" = 1 ]; then
                q=$(printf ' %q' "$@")
                raw=$(in_sim script -qec "env SUDO_USER=tester SUDO_UID=1000 SUDO_GID=1000 make-app-container create --run hello$q bookworm /var/lib/machines/$name" /dev/null 2>&1) || rc=$?
        else
                raw=$(mac_sudo create --run hello "$@" bookworm "/var/lib/machines/$name" 2>&1) || rc=$?
        fi
        out=$(printf '%s\n' "$raw" | tr '\r' '\n' | sed 's/\x1b\[K//g')
        printf '%s\n' "$out" > "$log"
        [ "$rc" = 0 ] || diag "$(tail -8 <<< "$out")"
}
key_of() { in_sim sed -n "s/^$2 \([0-9a-f]*\).*/\1/p" "/var/lib/machines/$1/var/lib/app-container/recipe"; }
archives() { in_sim find "$C/archives" -maxdepth 1 -name '*.deb' -printf '%f %i\n' | sort; }
gone() { in_sim sh -c 'for a; do rm -rf "/var/lib/machines/$a" "/var/lib/machines/$a.rebuild" /home/tester/.local/bin/"$a" /home/tester/.local/bin/"$a".*; done' sh "$@"; }

gone c0 c1 c2 c3 evil
# no layer of an earlier run left for this run's package sets: gc keeps only what t1 uses
in_sim make-app-container gc > /dev/null 2>&1
# --- the first app: a core (maybe cached already), a layer with hello -------------------------------
mk c0 --packages hello
is "$rc" 0 "create c0 --packages hello"
ok "$(grep -q '^apt: [0-9]* packages, [0-9]* fetched' <<< "$raw" && ! grep -q $'\r' <<< "$raw"; echo $?)" \
        "not a terminal: plain progress lines, a summary at the end"
diag "c0: $(grep -o 'base: [^…]*' "$log" | tr '\n' ';')"
core=$(key_of c0 core)
layer0=$(key_of c0 base-key)
ok "$(in_sim test -d "$C/cores/$core" && in_sim test -d "$C/layers/$layer0"; echo $?)" \
        "the core and c0's layer are in the cache, each under its key"
is "$(in_sim stat -c '%U %a' "$C" "$C/cores" "$C/layers" "$C/archives" | sort -u)" "root 755" \
        "the cache and its cores, layers and archives are root's, mode 755"
# mmdebstrap (in the sim's packages) makes the cores; debootstrap is the fallback (below)
is "$(in_sim sed -n 's/^bootstrap //p' "$C/cores/$core.inputs")" mmdebstrap "the core was made by mmdebstrap"

# --- a second app with another package set: the core is reused, nothing fetched twice --------------
# sl's .deb not in the archive cache (an earlier run's may be): c1 must fetch something
in_sim sh -c "rm -f $C/archives/sl_*.deb"
a0=$(archives)
TTY=1 mk c1 --packages hello,sl
is "$rc" 0 "create c1 --packages hello,sl (on a terminal)"
ok "$(grep -q $'\r\e\\[Kapt: ' <<< "$raw"; echo $?)" "on a terminal: the progress line is rewritten in place (\\r, clear line)"
ok "$(grep -q "base: reusing the cached core ${core:0:12}" "$log" && ! grep -q -e 'of the core [0-9a-f]* (a few minutes)' -e 'debootstrap' "$log"; echo $?)" \
        "c1 reuses the core: no mmdebstrap or debootstrap ran"
ok "$(grep -q 'base: apt-get install into a copy of the core' "$log"; echo $?)" "c1 gets a layer of its own"
summary=$(grep '^apt: [0-9]* packages' "$log")
diag "c1's apt: $summary"
a1=$(archives)
fetched=$(sed -n 's/.* \([0-9]*\) fetched.*/\1/p' <<< "$summary")
added=$(comm -13 <(echo "$a0") <(echo "$a1") | grep -c .)
is "$(comm -12 <(echo "$a0") <(echo "$a1") | grep -c .)" "$(grep -c . <<< "$a0")" \
        "every .deb the cache had is still there, the same file (inode): none fetched again"
ok "$([ "${fetched:-0}" -ge 1 ] && [ "$added" = "$fetched" ]; echo $?)" \
        "what apt fetched ($fetched: sl) is what was added to the archive cache ($added)"
ok "$(in_sim chroot /var/lib/machines/c1 sh -c 'command -v hello && test -x /usr/games/sl' > /dev/null; echo $?)" \
        "c1 has hello and sl"
layer1=$(key_of c1 base-key)
ok "$([ "$layer1" != "$layer0" ] && [ "$(key_of c1 core)" = "$core" ]; echo $?)" \
        "c1: another layer on the same core"

# --- the same package set once more: the layer is reused, no apt run -------------------------------
mk c2 --packages sl,hello
is "$rc" 0 "create c2 --packages sl,hello"
ok "$(grep -q "base: reusing the cached layer ${layer1:0:12}" "$log" && ! grep -q '^apt: ' "$log"; echo $?)" \
        "c2 reuses c1's layer (the same set, in another order): no apt run"
gone c2

# --- the cache is root's: no user plants a .deb or a layer ----------------------------------------
err=$(as_tester sh -c "touch $C/archives/evil_1_all.deb; mkdir $C/layers/x; mkdir $C/cores/x" 2>&1)
ok "$(in_sim test ! -e "$C/archives/evil_1_all.deb" && in_sim test ! -e "$C/layers/x" && in_sim test ! -e "$C/cores/x"; echo $?)" \
        "tester cannot write into the archives, layers or cores"
# a cache dir of the user's own: root would build in (and copy from) what the user controls
in_sim sh -c 'rm -rf /home/tester/evil-cache && mkdir -p /home/tester/evil-cache/cores /home/tester/evil-cache/layers &&
        chown -R tester: /home/tester/evil-cache'
in_sim sh -c "mkdir -p /home/tester/evil-cache/cores/$core/etc && echo planted > /home/tester/evil-cache/cores/$core/etc/planted &&
        chown -R tester: /home/tester/evil-cache"
before=$(in_sim sh -c 'find /home/tester/evil-cache /var/lib/machines -maxdepth 2 | sort; find /home/tester/evil-cache -user root')
err=$(mac_sudo create --run hello --cache-dir /home/tester/evil-cache bookworm /var/lib/machines/evil 2>&1)
rc=$?
diag "$err"
ok "$([ "$rc" != 0 ] && one_line "$err" && grep -q "Refusing the cache: /home/tester is not root's" <<< "$err"; echo $?)" \
        "--cache-dir in the user's home: refused, one line"
is "$(in_sim sh -c 'find /home/tester/evil-cache /var/lib/machines -maxdepth 2 | sort; find /home/tester/evil-cache -user root')" "$before" \
        "  nothing created, the planted core not used"
in_sim rm -rf /home/tester/evil-cache

# --- gc: an unused layer goes, a used one stays; --dry-run changes nothing -------------------------
gone c0
in_sim sh -c "touch $C/archives/zz-unused_1.0_all.deb"
state() { in_sim sh -c "find $C | sort; ls -i $C/archives"; }
s0=$(state)
out=$(in_sim make-app-container gc --dry-run 2>&1)
rc=$?
diag "$(tr '\n' ';' <<< "$out")"
ok "$([ "$rc" = 0 ] && grep -q "would remove layer ${layer0:0:12}" <<< "$out" &&
        grep -q "kept layer ${layer1:0:12}: used by c1" <<< "$out" && grep -q "^would free " <<< "$out"; echo $?)" \
        "gc --dry-run names the unused layer, keeps c1's, says what it would free"
is "$(state)" "$s0" "gc --dry-run changes nothing"
# a create holding the layer (LOCK_SH) keeps it from gc
# -o: the lock is flock's own, gone when it is killed (not kept by its sleep)
in_sim sh -c "flock -o -s $C/layers/$layer0.lock sleep 30 & echo \$! > /run/act-flock.pid; sleep 0.5"
out=$(in_sim make-app-container gc 2>&1)
in_sim sh -c 'kill "$(cat /run/act-flock.pid)"'
ok "$(grep -q "kept layer ${layer0:0:12}: a create is using it" <<< "$out" && in_sim test -d "$C/layers/$layer0"; echo $?)" \
        "gc leaves a layer a create holds"
out=$(in_sim make-app-container gc 2>&1)
rc=$?
diag "$(tr '\n' ';' <<< "$out")"
is "$rc" 0 "gc"
ok "$(in_sim test ! -e "$C/layers/$layer0" && in_sim test ! -e "$C/layers/$layer0.inputs" && in_sim test ! -e "$C/layers/$layer0.tmp"; echo $?)" \
        "gc removed the layer no app uses"
ok "$(in_sim test -d "$C/layers/$layer1" && in_sim test -d "$C/cores/$core"; echo $?)" \
        "gc kept c1's layer and the core c1 was made from"
ok "$(in_sim test ! -e "$C/archives/zz-unused_1.0_all.deb" && in_sim sh -c "ls $C/archives/sl_*.deb" > /dev/null; echo $?)" \
        "gc removed an archive no kept base has installed, kept sl's"
ok "$(grep -q '^freed ' <<< "$out"; echo $?)" "gc says what it freed"

# --- an update of the shared core changes no app until it is rebuilt -------------------------------
# what an update of the core does: a new core under the same key, with a new stamp (this run's own);
# the old one is put back at the end, so that the other scripts' creates still find t1's layer
stamp="$(date +%s).$RANDOM"
in_sim sh -c "set -e; cd $C/cores; rm -rf $core.new $core.orig; cp -a $core $core.new; echo $stamp > $core.new/etc/act-core-updated
        echo $stamp > $core.new/var/lib/app-container/core-stamp; mv $core $core.orig; mv $core.new $core"
ok "$(in_sim sh -c "! grep -qsx $stamp /var/lib/machines/c1/etc/act-core-updated"; echo $?)" "c1 is unchanged by the update of its core"
out=$(mac_sudo rebuild c1 2>&1)
rc=$?
[ "$rc" = 0 ] || diag "$(tail -5 <<< "$out")"
is "$rc" 0 "rebuild c1"
ok "$(grep -q 'base: reusing the cached core' <<< "$out" && grep -q 'base: apt-get install into a copy of the core' <<< "$out"; echo $?)" \
        "the rebuild makes a layer on the updated core (no debootstrap)"
ok "$(in_sim grep -qx "$stamp" /var/lib/machines/c1/etc/act-core-updated && in_sim grep -q "^core $core $stamp\$" /var/lib/machines/c1/var/lib/app-container/recipe; echo $?)" \
        "c1 now has the update, and its recipe names the new core stamp"
in_sim sh -c "cd $C/cores && rm -rf $core && mv $core.orig $core"

gone c1

# --- debootstrap: the fallback where mmdebstrap is not installed -----------------------------------
F=/var/tmp/act-fallback-cache
in_sim sh -c "rm -rf $F; chmod -x /usr/bin/mmdebstrap"
rc=0
out=$(mac_sudo create --run hello --cache-dir "$F" bookworm /var/lib/machines/c3 2>&1) || rc=$?
in_sim chmod +x /usr/bin/mmdebstrap
[ "$rc" = 0 ] || diag "$(tail -8 <<< "$out")"
is "$rc" 0 "without mmdebstrap: create c3 (no packages: the core itself)"
diag "$(grep '^debootstrap: [0-9]* packages' <<< "$out")"
ok "$(grep -q 'base: debootstrap of the core' <<< "$out" && grep -q '^debootstrap: [0-9]* packages, [0-9]* fetched' <<< "$out" &&
        in_sim sh -c "grep -qx 'bootstrap debootstrap' $F/cores/*.inputs"; echo $?)" \
        "  its core is made by debootstrap, with a progress summary"
ok "$(in_sim test -x /var/lib/machines/c3/bin/systemctl && in_sim sh -c "ls $F/archives/systemd_*.deb" > /dev/null &&
        [ -z "$(in_sim find /var/lib/machines/c3/var/cache/apt/archives -name '*.deb')" ]; echo $?)" \
        "  a booting system; its .deb files in the archive cache, none left in the rootfs"
gone c3
in_sim rm -rf "$F"
done_testing
