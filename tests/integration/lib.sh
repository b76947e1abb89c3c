# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Sourced by tests/integration/test-*.sh: drive the host simulator (tests/hostsim) and print TAP.
#
#   sim_start [--host-network]  build the sim's rootfs if needed, start Xvfb, boot the sim
#   sim_stop                    stop the sim and Xvfb (also done by the EXIT trap)
#   in_sim CMD...               CMD as root inside the sim (stdin, stdout and exit status pass)
#   as_tester CMD...            CMD as tester (uid 1000) inside the sim, with DISPLAY/XAUTHORITY
#   as_user NAME CMD...         CMD as NAME (tester2 uid 1001: a second user; bigid uid 70000)
#   creator ARGS...             the real make-app-container inside the sim, as a transient unit
#   ensure_t1                   make container t1 with the real creator unless it exists
#   create_t1 [NAME]            the test container made by the real creator (sim needs --host-network)
#   act_hello_deb               build $SHARE/act-hello.deb (Depends: hello), print its path
#   mkapp NAME KEY=VALUE...     an app over t1's rootfs (t1.conf with KEYs replaced); in_app NAME CMD...
#   ok STATUS DESC, is GOT WANT DESC, check DESC CMD..., skip DESC, diag TEXT, skip_all REASON,
#   done_testing (prints the plan; non-zero if anything failed)
# Variables: XDISPLAY (":N", empty without X), XAUTHORITY (host-side cookie file for XDISPLAY),
# SHARE (a host dir bound into the sim at the same path), ACT_TEST_DIR, STAGE, SRC, SIM.

SRC=${SRC:-$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)}
BUILD_DIR=${BUILD_DIR:-$SRC/build}
ACT_TEST_DIR=${ACT_TEST_DIR:-/var/tmp/app-container-test}
STAGE=${STAGE:-$ACT_TEST_DIR/stage}
SIM=$SRC/tests/hostsim/sim
SHARE=$ACT_TEST_DIR/share
XDISPLAY=
XAUTHORITY=$ACT_TEST_DIR/x11/Xauthority
export SRC BUILD_DIR ACT_TEST_DIR STAGE XAUTHORITY
APPCTL=/usr/local/libexec/app-container/appctl
MAKE_APP_CONTAINER=/usr/local/bin/make-app-container

# --- TAP ----------------------------------------------------------------------------------------
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
is() {
        n=$((n + 1))
        if [ "$1" = "$2" ]; then echo "ok $n - $3"; else
                echo "not ok $n - $3"
                printf '#   got:  %q\n#   want: %q\n' "$1" "$2"
                failed=$((failed + 1))
        fi
}
check() { local d=$1; shift; if "$@"; then ok 0 "$d"; else ok 1 "$d"; fi; } # ok if CMD succeeds
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }
diag() { echo "# $*"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
done_testing() { echo "1..$n"; [ "$failed" = 0 ]; }
now_ms() { date +%s%3N; }

# --- the simulator ------------------------------------------------------------------------------
_lib_sim_up=0
_lib_cleanup() { [ "$_lib_sim_up" = 1 ] && sim_stop > /dev/null 2>&1; true; }
trap _lib_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

sim_start() {
        [ "$(id -u)" = 0 ] || { echo "# the host simulator needs root" >&2; return 1; }
        command -v systemd-nspawn > /dev/null || { echo "# no systemd-nspawn" >&2; return 1; }
        if [ ! -x "$STAGE$APPCTL" ] && [ -f "$BUILD_DIR/build.ninja" ]; then
                meson install -C "$BUILD_DIR" --destdir "$STAGE" --quiet > /dev/null || return 1
        fi
        "$SRC/tests/hostsim/setup" > /dev/null || return 1
        _lib_sim_up=1
        "$SIM" stop > /dev/null 2>&1
        if command -v Xvfb > /dev/null; then
                XDISPLAY=$("$SIM" x11-start) || XDISPLAY=
        fi
        "$SIM" start "$@" > /dev/null || return 1
        _lib_sim_netif "$@"
}

# The sim's own network would have only lo, so "network off shows only lo" could not fail: a veth
# pair (the kernel here has no dummy driver) that a container sharing the sim's network would show.
_lib_sim_netif() {
        [ "${1:-}" = --host-network ] && return 0
        in_sim sh -c 'ip link add act-veth0 type veth peer name act-veth1 &&
                ip link set act-veth0 up && ip link set act-veth1 up' > /dev/null 2>&1 ||
                echo "# cannot add a veth pair to the sim: a shared network would show only lo" >&2
}

sim_stop() {
        "$SIM" stop
        "$SIM" x11-stop
        _lib_sim_up=0
}

# reboot the sim (keeping Xvfb), e.g. with --host-network for the creator's debootstrap
sim_restart() {
        "$SIM" stop > /dev/null 2>&1
        "$SIM" start "$@" > /dev/null || return 1
        _lib_sim_netif "$@"
}

in_sim() { "$SIM" exec "$@"; }

# _as NAME UID GID CMD...: CMD as the sim's user NAME, a login-like environment
_as() {
        local u=$1 uid=$2 gid=$3
        shift 3
        "$SIM" exec setpriv --reuid="$uid" --regid="$gid" --init-groups \
                env -i HOME="/home/$u" USER="$u" LOGNAME="$u" \
                PATH="/home/$u/.local/bin:/usr/local/bin:/usr/bin:/bin" LANG=C.UTF-8 \
                ${XDISPLAY:+DISPLAY=$XDISPLAY} XAUTHORITY="/home/$u/.Xauthority" "$@"
}
# as_user NAME CMD...: CMD as NAME (tester, tester2 or bigid), ids looked up in the sim
as_user() {
        local u=$1 uid gid
        shift
        uid=$("$SIM" exec id -u "$u") && gid=$("$SIM" exec id -g "$u") || return 1
        _as "$u" "$uid" "$gid" "$@"
}
as_tester() { _as tester 1000 1000 "$@"; }

# the creator as a transient unit (own cgroup in the sim, clean environment)
creator() { "$SIM" run "$MAKE_APP_CONTAINER" "$@"; }
# the creator as root for tester, as "sudo make-app-container" runs it (SUDO_* set as sudo does)
mac_sudo() { in_sim env SUDO_USER=tester SUDO_UID=1000 SUDO_GID=1000 "$MAKE_APP_CONTAINER" "$@"; }

# a tiny package "act-hello" (Depends: hello) in $SHARE, to install a local .deb. Byte-identical
# every time (fixed mtimes, SOURCE_DATE_EPOCH): the creator's base cache key includes the .deb's hash.
make_hello_deb() {
        local d rc=0
        d=$(mktemp -d)
        mkdir -p "$d/DEBIAN" "$d/usr/share/doc/act-hello"
        printf 'Package: act-hello\nVersion: 1.0\nArchitecture: all\nMaintainer: tests <tests@localhost>\nDepends: hello\nDescription: app-container test package\n' > "$d/DEBIAN/control"
        echo "act-hello test package" > "$d/usr/share/doc/act-hello/README"
        chmod -R u=rwX,go=rX "$d"
        find "$d" -exec touch -h -d @1700000000 {} +
        SOURCE_DATE_EPOCH=1700000000 dpkg-deb --root-owner-group -Zgzip -b "$d" "$SHARE/act-hello.deb" > /dev/null || rc=$?
        rm -rf "$d"
        return $rc
}
act_hello_deb() { make_hello_deb && echo "$SHARE/act-hello.deb"; }

T1_ARGS=(create --user tester --uid 1000 --gid 1000 --script-dir /home/tester/.local/bin
        --packages 'x11-utils,x11-apps,iproute2,procps,weston,cups-client' --gui --privilege sudo --run xeyes)
create_t1() { # [NAME]: the test container, as test-create.sh makes it
        local name=${1:-t1}
        make_hello_deb || return 1
        creator "${T1_ARGS[@]}" bookworm "/var/lib/machines/$name" "$SHARE/act-hello.deb"
}

# launch_many LAUNCHER N: N instances at once, each exiting after 0 to 0.99 s; prints how many failed
launch_many() {
        local pids=() fails=0 p
        for _ in $(seq "$2"); do
                as_tester "$1" ++cmd sh -c "sleep 0.$((RANDOM % 10))$((RANDOM % 10))" & pids+=($!)
        done
        for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
        echo "$fails"
}

# apps over t1's rootfs, as tester, in $BIN (~tester/.local/bin)
BIN=/home/tester/.local/bin
# mkapp NAME KEY=VALUE...: launcher NAME over t1's rootfs with t1.conf's settings, the given keys replaced
# (MKAPP_BASE=OTHER: over OTHER's rootfs and OTHER.conf)
mkapp() {
        local name=$1 kv sed_args=(-e '')
        shift
        for kv in "$@"; do sed_args+=(-e "s|^${kv%%=*} = .*|${kv%%=*} = ${kv#*=}|"); done
        in_sim bash -c 'cp /usr/local/libexec/app-container/appctl "$1/$2" &&
                sed "${@:4}" "$1/$3.conf" > "$1/$2.conf" && chown tester: "$1/$2.conf"' bash "$BIN" "$name" \
                "${MKAPP_BASE:-t1}" "${sed_args[@]}"
}
# in NAME CMD...: run CMD in app NAME as tester (with a TERM, as from a terminal)
in_app() { local name=$1; shift; as_tester env TERM=xterm-256color "$BIN/$name" ++cmd "$@"; }

# the preamble of a script that works on t1: root, the simulator (ARGS for sim_start), t1
setup_t1() {
        [ "$(id -u)" = 0 ] || skip_all "needs root (sudo tests/run)"
        sim_start "$@" || skip_all "host simulator cannot start"
        ensure_t1 || skip_all "cannot create the test container t1"
}

# for the scripts that need Debian's mirror (apt in a container): the sim back on the host's
# network, and a skip of the whole script when the mirror is out of reach
require_mirror() {
        sim_restart --host-network || skip_all "host simulator cannot restart on the host's network"
        in_sim timeout 60 apt-get -qq update > /dev/null 2>&1 || skip_all "the Debian mirror is out of reach: $1"
}

ensure_t1() {
        # a copied launcher (the sim's /usr/local is another file system) is refreshed from this build
        in_sim test -x /var/lib/machines/t1/usr/bin/xeyes &&
                in_sim test -x /var/lib/machines/t1/usr/bin/weston-simple-shm &&
                in_sim test -x /var/lib/machines/t1/usr/bin/lpstat &&
                in_sim test -e /home/tester/.local/bin/t1.conf &&
                in_sim sh -c 'cmp -s "$1" /home/tester/.local/bin/t1 || cp "$1" /home/tester/.local/bin/t1' sh "$APPCTL" &&
                return 0
        in_sim test -x "$MAKE_APP_CONTAINER" || { echo "# no $MAKE_APP_CONTAINER" >&2; return 1; }
        local rc=0
        sim_restart --host-network || return 1
        in_sim sh -c 'rm -rf /var/lib/machines/t1 /home/tester/.local/bin/t1 /home/tester/.local/bin/t1.conf'
        create_t1 t1 >&2 || rc=1
        sim_restart || return 1
        return $rc
}
