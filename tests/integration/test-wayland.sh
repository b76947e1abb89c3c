#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The desktop's sockets (issue 11): wayland = true draws on the user's compositor (a headless weston
# in the sim, run by tester in tester's runtime dir; a screenshot is taken and checked), through
# the cold and the warm path; pipewire = true and cups = true reach their host servers (stand-ins
# that record what a client inside sent). The refusals are in test-hostile-binds.sh. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1
in_sim test -x /usr/bin/weston || skip_all "no weston in the sim (tests/hostsim/setup)"

stopped() { for _ in $(seq 100); do in_sim machinectl show "$1" > /dev/null 2>&1 || return 0; sleep 0.1; done; return 1; }
# grant NAME KEY=VALUE...: app NAME over t1 with gui off and these keys (added when t1.conf lacks them)
grant() {
        local name=$1 kv
        shift
        mkapp "$name" gui=false
        for kv in "$@"; do
                in_sim sed -i "/^${kv%%=*} = /d" "$BIN/$name.conf"
                in_sim sh -c 'echo "$2" >> "$1"' sh "$BIN/$name.conf" "${kv%%=*} = ${kv#*=}"
        done
}
RT=/run/user/1000
# as tester in a session with a compositor: its runtime dir and WAYLAND_DISPLAY
wl() { as_tester env TERM=dumb XDG_RUNTIME_DIR=$RT WAYLAND_DISPLAY=wayland-act "$@"; }

# (tester lingers for the session-bus tests: $RT is logind's tmpfs with user@1000's sockets; keep them)
in_sim sh -c "rm -rf /tmp/act-shot $RT/wayland-act $RT/wayland-act.lock && mkdir -p $RT /tmp/act-shot &&
        chown tester: $RT /tmp/act-shot && chmod 700 $RT"
# the user's compositor: headless, drawn by pixman; --debug offers the screenshooter protocol
wl weston --backend=headless-backend.so --use-pixman --socket=wayland-act --debug --width=480 --height=360 \
        --idle-time=0 > "$ACT_TEST_DIR/weston.log" 2>&1 &
weston=$!
for _ in $(seq 100); do in_sim test -S $RT/wayland-act && break; sleep 0.1; done
in_sim test -S $RT/wayland-act || skip_all "weston did not start: $(tail -3 "$ACT_TEST_DIR/weston.log" | tr '\n' ' ')"

# --- wayland = true: the socket in the user's runtime dir, the toolkits told --------------------------
grant w1 wayland=true
# shellcheck disable=SC2016 # expanded inside
is "$(wl "$BIN/w1" ++cmd sh -c 'echo "$WAYLAND_DISPLAY|$XDG_RUNTIME_DIR|$GDK_BACKEND|$QT_QPA_PLATFORM|$MOZ_ENABLE_WAYLAND|$SDL_VIDEODRIVER|${DISPLAY-no X}"
        stat -c "%U %a %F" "$XDG_RUNTIME_DIR" "$XDG_RUNTIME_DIR/wayland-0"; ls "$XDG_RUNTIME_DIR"' 2>&1 | tr '\n' ' ')" \
        "wayland-0|$RT|wayland|wayland|1|wayland|no X tester 700 directory tester 755 socket bus dbus-1 wayland-0 " \
        "wayland: the socket in a runtime dir of tester's (0700), WAYLAND_DISPLAY and the toolkits' variables; nothing else of the host's runtime dir"
out=$(wl "$BIN/w1" ++cmd weston-info 2>&1)
ok "$(grep -q "interface: 'wl_compositor'" <<< "$out" && grep -q "interface: 'xdg_wm_base'" <<< "$out"; echo $?)" \
        "a Wayland client inside talks to the host's weston (weston-info lists its globals)"
stopped w1
ok $? "w1 stopped"

# --- a client draws, started through the warm path; weston's screenshot shows it ----------------------
wl "$BIN/w1" ++show ++cmd sleep 20 > /dev/null 2> "$ACT_TEST_DIR/w1-cold.err" &
hold=$!
# the container and its agent are up once the holder's app runs (an agent.sock of an earlier start may be there)
for _ in $(seq 150); do grep -q 'argv: sleep 20' "$ACT_TEST_DIR/w1-cold.err" && break; sleep 0.1; done
# in the container's user namespace the socket is moved in after the start (idmap-mount.h), not by nspawn
ok "$(grep -qE -- "(--bind-ro=|mount )/run/app-container/[^ ]*/binds/wayland( on |:)$RT/wayland-0" "$ACT_TEST_DIR/w1-cold.err"; echo $?)" \
        "nspawn binds the staged inode that was checked, not the user's path"
wl "$BIN/w1" ++show ++cmd timeout 8 weston-simple-shm > /dev/null 2> "$ACT_TEST_DIR/w1-warm.err" &
client=$!
sleep 3
ok "$(grep -q 'agent: run the app' "$ACT_TEST_DIR/w1-warm.err"; echo $?)" "the client runs through the warm path (the agent)"
in_sim sh -c 'rm -f /tmp/act-shot/*.png'
shooter=$(wl sh -c 'cd /tmp/act-shot && weston-screenshooter' 2>&1)
png=$ACT_TEST_DIR/screenshot-wayland.png
in_sim sh -c 'cat /tmp/act-shot/wayland-screenshot-*.png' > "$png" 2> /dev/null
wait "$client"
is "$?" 124 "weston-simple-shm drew until its timeout (status 124), not failing to connect"
# the check: weston's desktop is grey; simple-shm fills the middle with bright rings
colour=$(python3 - "$png" << 'EOF'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n'
pos, idat, w, h, ctype = 8, b'', 0, 0, 0
while pos < len(data):
    n, t = struct.unpack('>I4s', data[pos:pos + 8])
    c = data[pos + 8:pos + 8 + n]
    if t == b'IHDR':
        w, h, depth, ctype = struct.unpack('>IIBB', c[:10])
        assert depth == 8 and ctype in (2, 6)
    elif t == b'IDAT':
        idat += c
    pos += 12 + n
bpp = 4 if ctype == 6 else 3
raw, stride, prev, rows = zlib.decompress(idat), w * bpp, bytearray(w * bpp), []
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, cc = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - cc
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - cc)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else cc)) & 255
    rows.append(line)
    prev = line
bright = total = 0
for y in range(h // 3, 2 * h // 3):
    for x in range(w // 3, 2 * w // 3):
        px = rows[y][x * bpp:x * bpp + 3]
        total += 1
        bright += max(px) - min(px) > 100
print(f'{w}x{h} {100 * bright // total}')
EOF
)
diag "screenshot $png: ${colour:-unreadable} (size, percent of bright pixels in the middle)${shooter:+; weston-screenshooter: $shooter}"
ok "$([ "${colour#* }" -ge 30 ] 2> /dev/null; echo $?)" "weston's screenshot shows the client's drawing (bright in the middle third)"
wait "$hold"
stopped w1
ok $? "w1 stopped"

# --- pipewire = true, cups = true: the client's first bytes reach the host's server -----------------
# stand-ins that keep what one client sent: any client will do for PipeWire (libwayland's, pointed
# at the socket), the CUPS client's own for CUPS (lpstat -a, told by CUPS_SERVER alone)
in_sim sh -c "rm -f $RT/pw-got /tmp/cups-got; mkdir -p /run/cups"
as_tester systemd-socket-activate --inetd -a -l $RT/pipewire-0 sh -c "head -c 8 | od -An -tx1 > $RT/pw-got" > /dev/null 2>&1 &
pw=$!
in_sim sh -c 'exec systemd-socket-activate --inetd -a -l /run/cups/cups.sock sh -c "head -n 1 > /tmp/cups-got"' > /dev/null 2>&1 &
cups=$!
for _ in $(seq 50); do in_sim test -S $RT/pipewire-0 -a -S /run/cups/cups.sock && break; sleep 0.1; done
in_sim chmod 666 /run/cups/cups.sock # as cupsd makes it (systemd-socket-activate ignores the umask)
grant p1 pipewire=true cups=true
# shellcheck disable=SC2016 # expanded inside
is "$(wl "$BIN/p1" ++cmd sh -c 'echo "$PIPEWIRE_RUNTIME_DIR|$XDG_RUNTIME_DIR|$CUPS_SERVER|${WAYLAND_DISPLAY-no wayland}"; ls "$XDG_RUNTIME_DIR"
        test -S /run/cups/cups.sock && echo cups socket
        WAYLAND_DISPLAY=$PIPEWIRE_RUNTIME_DIR/pipewire-0 timeout 5 weston-info > /dev/null 2>&1
        timeout 5 lpstat -a > /dev/null 2>&1; true' 2>&1 | tr '\n' ' ')" \
        "$RT|$RT|/run/cups/cups.sock|no wayland bus dbus-1 pipewire-0 cups socket " \
        "pipewire and cups: the sockets and their variables inside, no Wayland without its grant"
for _ in $(seq 50); do in_sim test -s $RT/pw-got -a -s /tmp/cups-got && break; sleep 0.1; done
ok "$(in_sim test -s $RT/pw-got; echo $?)" "a client inside reached the host's PipeWire socket ($(in_sim cat $RT/pw-got 2> /dev/null))"
is "$(in_sim cat /tmp/cups-got 2> /dev/null | tr -d '\r')" "POST / HTTP/1.1" \
        "lpstat inside reached the host's CUPS socket through CUPS_SERVER (an IPP request)"
stopped p1
ok $? "p1 stopped"
kill "$pw" "$cups" 2> /dev/null
in_sim pkill -f "systemd-socket-activate --inetd -a -l" 2> /dev/null
wait "$pw" "$cups" 2> /dev/null

# --- ++dry-run shows the plan -----------------------------------------------------------------------
grant d1 wayland=true
out=$(wl "$BIN/d1" ++dry-run ++cmd true 2>&1)
# (no tmpfs in the container's user namespace: the runtime dir is a directory of its /run)
ok "$(grep -qE -- "(--bind-ro=|mount )$RT/wayland-act( on |:)$RT/wayland-0" <<< "$out"; echo $?)" \
        "++dry-run: the runtime dir's tmpfs and the compositor's socket in ExecStart="
kill "$weston" 2> /dev/null
wait "$weston" 2> /dev/null
in_sim rm -rf $RT/wayland-act $RT/wayland-act.lock $RT/pipewire-0 $RT/pw-got /tmp/act-shot /tmp/cups-got /run/cups
in_sim sh -c "rm -f $BIN/w1* $BIN/p1* $BIN/d1*"
done_testing
