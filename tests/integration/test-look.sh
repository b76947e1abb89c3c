#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# issue 11, items 5, 7, 9 in the host simulator: host-look (the host's fonts with a cache of the
# container's own, the time zone followed while the container runs, LANG/LC_* and HiDPI passed, a
# locale missing inside falls back to C.UTF-8), the resource limits as unit properties and in
# ++status, and nvidia = true refused where the host has no driver. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1

stopped() { for _ in $(seq 100); do in_sim machinectl show "$1" > /dev/null 2>&1 || return 0; sleep 0.1; done; return 1; }
unit_active() { in_sim systemctl is-active --quiet "app-container-$1.service"; }

# lk: a container with fontconfig (t1 has no fc-list), made once with the real creator; its launcher
# in a script dir of its own, out of the way of ++aptupdateall over ~/.local/bin (test-rollback.sh)
LKBIN=/home/tester/look-bin
in_lk() { as_tester env TERM=xterm-256color "$LKBIN/lk" ++cmd "$@"; }
LK=(create --user tester --uid 1000 --gid 1000 --script-dir "$LKBIN"
        --packages fontconfig --locale de_DE.UTF-8 --gui --privilege sudo --run fc-list)
if ! in_sim test -x /var/lib/machines/lk/usr/bin/fc-list || ! in_sim grep -qx 'locale de_DE.UTF-8' "$LKBIN/lk.recipe"; then
        sim_restart --host-network || skip_all "host simulator cannot restart on the host's network"
        in_sim sh -c "rm -rf /var/lib/machines/lk $BIN/lk $BIN/lk.conf $BIN/lk.recipe $LKBIN"
        as_tester mkdir -p "$LKBIN"
        creator "${LK[@]}" bookworm /var/lib/machines/lk >&2 || skip_all "cannot create the container lk"
        sim_restart || skip_all "host simulator cannot restart"
fi
in_sim sh -c "cmp -s $APPCTL $LKBIN/lk || cp $APPCTL $LKBIN/lk"
is "$(in_sim grep -c '^host-look = true$' "$LKBIN/lk.conf")" 1 "create --gui writes host-look = true"

# --- fonts: the host's, read-only, with the container's own cache -----------------------------------------
font=$(ls /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf 2>/dev/null)
if [ -n "$font" ]; then
        cp "$font" "$SHARE/act-look-test.ttf"
        # the sim's /usr/local is the staged build, read-only: /usr/share/fonts (the sim has no fonts)
        in_sim sh -c "mkdir -p /usr/share/fonts && cp $SHARE/act-look-test.ttf /usr/share/fonts/"
        # the host's fontconfig caches: the system's and tester's (made here so that a write would show)
        in_sim mkdir -p /var/cache/fontconfig
        as_tester mkdir -p /home/tester/.cache/fontconfig
        host_cache() { in_sim sh -c 'find /var/cache/fontconfig /home/tester/.cache/fontconfig /usr/share/fonts -printf "%p %s %T@\n" | sort'; }
        before=$(host_cache)
        out=$(in_lk fc-list 2>&1)
        echo "$out" | grep -q '^/run/app-container/host/share/fonts/act-look-test.ttf: DejaVu Serif'
        ok $? "fc-list inside lists the font installed only on the host (/usr/share/fonts)"
        in_lk fc-cache -f > /dev/null 2>&1
        is "$(host_cache)" "$before" "fc-cache inside changed no host cache dir and no host font dir"
        ok "$(in_sim sh -c 'test -n "$(ls -A /var/lib/machines/lk/home/tester/.cache/fontconfig)"'; echo $?)" \
                "the cache fc-cache wrote is the container's (its home's .cache/fontconfig)"
        in_lk touch /run/app-container/host/share/fonts/x > /dev/null 2>&1
        rc=$?
        ok "$([ "$rc" != 0 ] && in_sim test ! -e /usr/share/fonts/x; echo $?)" "the host's fonts are read-only"
else
        skip "no DejaVuSerif.ttf on this machine to install in the sim"
        skip "fc-cache"
        skip "fc-cache"
        skip "read-only"
fi
stopped lk

# attack: ~/.local/share/fonts a symlink to root's fonts; root must not follow it for tester
in_sim sh -c 'mkdir -p /root/secret-fonts && echo secret > /root/secret-fonts/secret.ttf && chmod 700 /root'
# (tester's own dirs made as tester: a root-owned ~/.local/share would break the other scripts)
as_tester sh -c 'mkdir -p /home/tester/.local/share && rm -rf /home/tester/.local/share/fonts &&
        ln -s /root/secret-fonts /home/tester/.local/share/fonts'
out=$(in_lk cat /run/app-container/host/user-share/fonts/secret.ttf 2>&1)
rc=$?
ok "$([ "$rc" != 0 ] && ! echo "$out" | grep -q secret; echo $?)" "a fonts symlink to /root/... leaks nothing"
is "$(echo "$out" | grep -c 'not readable by tester')" 1 "refused with one line: $out"
ok "$(! unit_active lk; echo $?)" "no unit started"
in_sim rm -f /home/tester/.local/share/fonts

# --- the time zone follows the host's while the container runs --------------------------------------------
# timedated's way (it replaces the /etc/localtime symlink); by hand where it did not (timedated
# keeps the zone it read at its start and does nothing when asked for that one)
set_tz() {
        in_sim timedatectl set-timezone "$1" > /dev/null 2>&1
        # shellcheck disable=SC2016 # expanded inside
        in_sim sh -c 'case "$(readlink /etc/localtime)" in */zoneinfo/"$1") ;; *) ln -sf "../usr/share/zoneinfo/$1" /etc/localtime ;; esac' sh "$1"
}
set_tz Etc/UTC
# an instance that holds the container up across the change
as_tester "$LKBIN/lk" ++cmd sleep 30 > /dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do unit_active lk && break; sleep 0.1; done
leader=$(in_sim machinectl show lk -p Leader --value 2> /dev/null)
is "$(in_lk date +%Z 2>&1)" UTC "inside: UTC, as the host"
# an app that runs across the change, started before it
as_tester env TERM=dumb "$LKBIN/lk" ++cmd sh -c 'sleep 3; date +%Z' > "$SHARE/tz-running" 2>&1 &
running=$!
sleep 1
set_tz Asia/Tokyo
is "$(in_lk date +%Z 2>&1)" JST "after the host's change (container still up): JST"
wait "$running"
is "$(cat "$SHARE/tz-running")" JST "an app started before the change sees it too"
is "$(in_sim machinectl show lk -p Leader --value 2> /dev/null)" "$leader" "the container stayed up (same leader $leader)"
# Debian's own form: an absolute link, resolved in the image's zone files
in_sim ln -sf /usr/share/zoneinfo/Europe/Berlin /etc/localtime
is "$(in_lk date +%Z 2>&1)" "$(in_sim env TZ=Europe/Berlin date +%Z)" "an absolute /etc/localtime link is followed too"
set_tz Etc/UTC
is "$(in_lk date +%Z 2>&1)" UTC "and back"
kill "$holder" 2> /dev/null
wait "$holder" 2> /dev/null
stopped lk

# --- LANG, LC_*, HiDPI -------------------------------------------------------------------------------------
# shellcheck disable=SC2016 # expanded inside
is "$(as_tester env LANG=C.UTF-8 LC_TIME=C.UTF-8 GDK_SCALE=2 QT_SCALE_FACTOR=1.5 "$LKBIN/lk" ++cmd sh -c 'echo "$LANG|$LC_TIME|$GDK_SCALE|$QT_SCALE_FACTOR"' 2>&1)" \
        "C.UTF-8|C.UTF-8|2|1.5" "LANG, LC_TIME, GDK_SCALE, QT_SCALE_FACTOR passed"
# shellcheck disable=SC2016 # expanded inside
is "$(as_tester env LANG=de_DE.UTF-8 "$LKBIN/lk" ++cmd date -d 2024-01-01 +%A 2>&1)" Montag \
        "create --locale de_DE.UTF-8 generated it: LANG=de_DE.UTF-8 works inside, no warning"
# shellcheck disable=SC2016 # expanded inside
out=$(as_tester env LANG=fr_FR.UTF-8 "$LKBIN/lk" ++cmd sh -c 'echo "LANG=$LANG"' 2>&1)
is "$(echo "$out" | grep -c 'locale fr_FR.UTF-8 is not available')|$(echo "$out" | grep '^LANG=')" \
        "1|LANG=C.UTF-8" "a locale the container lacks: C.UTF-8, with a warning"
# shellcheck disable=SC2016 # expanded inside
is "$(as_tester env LANG='../../etc/x' GDK_SCALE='2;x' "$LKBIN/lk" ++cmd sh -c 'echo "${LANG-unset}|${GDK_SCALE-unset}"' 2>&1)" \
        "unset|unset" "values outside the grammar are not passed"
stopped lk
# the machine is gone before the last launcher has cleaned its state dir: give it a moment
for _ in $(seq 50); do in_sim test -e /run/app-container/1000/state/lk/fonts.conf || break; sleep 0.1; done
ok "$(in_sim test ! -e /run/app-container/1000/state/lk/fonts.conf; echo $?)" "the stop removed fonts.conf from the state dir"

# --- resource limits ---------------------------------------------------------------------------------------
mkapp lim memory-max=512M cpu-weight=50 'cpu-quota="150%"' tasks-max=300 io-weight=20
plan=$(as_tester "$BIN/lim" ++dry-run ++cmd true 2>&1)
echo "$plan" | grep -q ' MemoryMax=536870912$' && echo "$plan" | grep -q ' CPUQuotaPerSecUSec=1500000$' &&
        echo "$plan" | grep -q ' IOWeight=20$'
ok $? "++dry-run shows the limits"
as_tester "$BIN/lim" ++start > /dev/null 2>&1
is "$(in_sim systemctl show app-container-lim.service -p MemoryMax,TasksMax,CPUWeight,IOWeight,CPUQuotaPerSecUSec | sort | tr '\n' ' ')" \
        "CPUQuotaPerSecUSec=1.500000s CPUWeight=50 IOWeight=20 MemoryMax=536870912 TasksMax=300 " \
        "the limits are properties of app-container-lim.service"
st=$(as_tester "$BIN/lim" ++status 2>&1)
# the sim's cgroup has no memory controller where the host's kernel gives it none: then "unknown"
if in_sim grep -qw memory /sys/fs/cgroup/cgroup.controllers; then mem='[0-9.]+ MiB'; else mem='unknown \(no memory accounting\)'; fi
echo "$st" | grep -Eq "^  memory: +$mem\$" && echo "$st" | grep -Eq '^  cpu time: +[0-9.]+ s$' &&
        echo "$st" | grep -q '^  limits:    MemoryMax=536870912 CPUWeight=50 CPUQuotaPerSecUSec=1500000 TasksMax=300 IOWeight=20$'
ok $? "++status shows memory, CPU time and the limits"
as_tester "$BIN/lim" ++stop > /dev/null 2>&1
stopped lim
in_sim sed -i 's/^memory-max = .*/memory-max = 2GB/' "$BIN/lim.conf"
line=$(in_sim grep -n '^memory-max' "$BIN/lim.conf" | cut -d: -f1)
out=$(as_tester "$BIN/lim" ++cmd true 2>&1)
is "$out" "lim: $BIN/lim.conf:$line: memory-max must be a size in bytes with an optional K, M, G or T suffix (1024-based), or a percentage 1%..100%, got '2GB'" \
        "a bad value is a file:line: error"
ok "$(! unit_active lim; echo $?)" "no unit started"

# --- nvidia: the sim has no driver ----------------------------------------------------------------------------
mkapp nv nvidia=true
out=$(as_tester "$BIN/nv" ++dry-run ++cmd true 2>&1)
echo "$out" | grep -q 'nvidia = true, but no NVIDIA driver was found on the host'
ok $? "nvidia = true without a driver: refused in the plan"

# the launchers made here go: ++aptupdateall over ~/.local/bin (test-rollback.sh) would start nv
in_sim rm -f "$BIN/lim" "$BIN/lim.conf" "$BIN/nv" "$BIN/nv.conf"

done_testing
