#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Issue 9, what the container gets: tester, a hostile user who writes NAME.conf, the environment and
# everything in their home, tries to get more than they have through the gid and groups, bind
# destinations, strings systemd or nspawn reinterpret ($VAR, %x, '\', ':', control characters),
# FIFOs and device nodes, another user's sockets, and a bind source swapped under the launcher.
# Each attack is refused with one clear line and no side effect (no unit, no staging mount, nothing
# new in the rootfs); the happy paths around them keep working. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1

R=/var/lib/machines/t1
H=/home/tester

# hostile NAME KEY VALUE [KEY VALUE...]: NAME.conf = t1.conf without KEYs, then "KEY = VALUE" lines
# (VALUE verbatim: no sed, no shell between us and the file); gui off unless given
hostile() {
        local name=$1
        shift
        in_sim bash -c 'bin=$1 name=$2; shift 2
                cp /usr/local/libexec/app-container/appctl "$bin/$name"
                args=(-e "^gui = ") lines=()
                while [ $# -gt 0 ]; do args+=(-e "^$1 = "); lines+=("$1 = $2"); shift 2; done
                { grep -v "${args[@]}" "$bin/t1.conf"; echo "gui = false"; printf "%s\n" "${lines[@]}"; } > "$bin/$name.conf"
                chown tester: "$bin/$name.conf"' bash "$BIN" "$name" "$@"
}

# the state that must not change: units, machines, staging mounts, the rootfs' mount point dirs
snapshot() {
        in_sim sh -c "systemctl list-units --all --plain --no-legend 'app-container-*' | grep -v xephyr | awk '{print \$1}';
                machinectl list --no-legend | awk '{print \$1}'; grep -c /run/app-container /proc/self/mountinfo;
                find /run/app-container -name binds; find $R/mnt $R/media $R/etc $R/usr/local/sbin -newer $R/etc/passwd 2>/dev/null" | sort
}

# refused DESC PATTERN CMD...: CMD (as tester) fails with exactly one line matching PATTERN and
# leaves no trace
refused() {
        local desc=$1 pattern=$2 out rc before after
        shift 2
        before=$(snapshot)
        out=$("$@" 2>&1)
        rc=$?
        after=$(snapshot)
        if [ "$rc" != 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && grep -qE -- "$pattern" <<< "$out" &&
                [ "$before" = "$after" ]; then
                ok 0 "$desc"
        else
                ok 1 "$desc"
                diag "status $rc, output: $out"
                [ "$before" = "$after" ] || diag "side effect: $(diff <(echo "$before") <(echo "$after") | tr '\n' ' ')"
        fi
}
run_h() { as_tester env TERM=dumb "$@"; }

in_sim sh -c "set -e; rm -rf $H/hb $H/fifo $H/c* $H/race $H/b*c /root/secret /tmp/t2
        mkdir -p $H/hb /root/secret/dir; echo mine > $H/hb/file; echo TOPSECRET > /root/secret/file
        echo TOPSECRET > /root/secret/dir/file; chmod 700 /root/secret
        ln -s /root/secret/file $H/c; echo decoy > '$H/c\${X}'; echo decoy > '$H/c%h'
        mkfifo $H/fifo; chown -R tester: $H/hb $H/fifo $H/c '$H/c\${X}' '$H/c%h'"

# --- the happy paths around the attacks -----------------------------------------------------------------
hostile hok bind '{"/home/tester/hb:/mnt/hb:ro", "/home/tester/hb:/home/tester/inside", downloads}'
is "$(run_h "$BIN/hok" ++cmd sh -c 'cat /mnt/hb/file /home/tester/inside/file' 2>&1 | tr '\n' ' ')" "mine mine " \
        "a bind below /mnt and below the home: the user's own files are there"
is "$(in_sim sh -c 'ls /run/app-container/hok/binds 2>&1; grep -c /run/app-container/hok /proc/self/mountinfo')" \
        "$(printf 'ls: cannot access '\''/run/app-container/hok/binds'\'': No such file or directory\n0')" \
        "  and the staging mounts are gone once the container runs"
hostile hok2 bind '{"/home/tester/hb:/mnt/hb:ro"}'
is "$(run_h "$BIN/hok2" ++cmd cat /mnt/hb/file 2>&1)" mine "  a second launch over the mount points nspawn left"

# --- groups -------------------------------------------------------------------------------------------
shadow=$(in_sim getent group shadow | cut -d: -f3)
disk=$(in_sim getent group disk | cut -d: -f3)
hostile hg1 gid "$shadow" bind '{"/etc:/mnt/h:ro"}'
refused "gid = shadow's gid with /etc bound: refused" "gid $shadow is not one of the groups of tester" \
        run_h "$BIN/hg1" ++cmd cat /mnt/h/shadow
hostile hg2 gid "$disk"
refused "gid = disk: refused" "gid $disk is not one of the groups of tester" run_h "$BIN/hg2" ++cmd id
hostile hg3 gid 0
refused "gid = 0: refused" "gid" run_h "$BIN/hg3" ++cmd id
# the image's /etc/group puts tester in shadow: the app still gets only tester's host groups
in_sim cp -a $R/etc/group $R/etc/group.h1-saved
in_sim sed -i "s/^shadow:x:$shadow:.*/shadow:x:$shadow:tester/" $R/etc/group
hostile hg4
out=$(run_h "$BIN/hg4" ++cmd id -G 2>&1)
ok "$([ -n "$out" ] && ! grep -qw "$shadow" <<< "$out"; echo $?)" \
        "a supplementary group of the image that tester lacks on the host is dropped (id -G: $out)"
in_sim mv $R/etc/group.h1-saved $R/etc/group

# --- destinations -------------------------------------------------------------------------------------
for d in /etc /usr /bin /lib /sbin /var /root /boot /opt /srv /run /tmp /proc /sys /dev /home \
        /usr/lib/systemd/systemd /etc/group /etc/systemd/system /usr/local/sbin /mnt /home/tester \
        /home/tester2/x /var/lib/app-container; do
        hostile hd bind "{\"/home/tester/hb:$d\"}"
        refused "bind destination $d: refused" "destination $d is not allowed" run_h "$BIN/hd" ++cmd true
done
# inside /mnt, but the image has something there: a symlink (to /etc) or a non-empty directory
in_sim sh -c "ln -sfn /etc $R/mnt/lnk; mkdir -p $R/mnt/full/sub; touch -r $R/etc/passwd $R/mnt $R/mnt/lnk $R/mnt/full"
hostile hd bind '{"/home/tester/hb:/mnt/lnk/x"}'
refused "bind destination through a symlink of the image: refused" "through a symlink" run_h "$BIN/hd" ++cmd true
hostile hd bind '{"/home/tester/hb:/mnt/full"}'
refused "bind destination over a non-empty directory of the image: refused" "exists in the container's image" \
        run_h "$BIN/hd" ++cmd true
in_sim rm -rf $R/mnt/lnk $R/mnt/full
# an image tester can reach on the host: its home is tester's, a symlink could be swapped in there
# before nspawn mounts (and nspawn follows it)
mode=$(in_sim stat -c %a /var/lib/machines)
in_sim chmod 755 /var/lib/machines
hostile hd bind '{"/home/tester/hb:/home/tester/x"}'
refused "bind destination below the home of an image tester can reach: refused" "is reachable by tester" \
        run_h "$BIN/hd" ++cmd true
in_sim chmod "$mode" /var/lib/machines

# --- strings that systemd or nspawn would read as another path -----------------------------------------
# shellcheck disable=SC2016 # literal on purpose
for spec in '/home/tester/c${X}:/mnt/leak:ro' '/home/tester/c$X:/mnt/leak' '/home/tester/c%h:/mnt/leak' \
        '/home/tester/hb:/mnt/%u' '/home/tester/b\\c:/mnt/b' '/home/tester/hb\\x3a/etc:/mnt/b' \
        "/home/tester/hb$(printf '\t')x:/mnt/t"; do
        # single quotes: libconfuse takes them verbatim (in double quotes it expands ${X} itself)
        hostile hs bind "{'$spec'}"
        refused "bind '$spec': refused" "must not contain" run_h "$BIN/hs" ++cmd cat /mnt/leak
done
hostile hs bind '{"/home/tester/hb:/mnt/x:ro:rbind"}'
refused "a fourth ':' field: refused" "too many ':'" run_h "$BIN/hs" ++cmd true

# --- sources: FIFO, device nodes, a symlink into a root-only directory -----------------------------------
hostile hf bind '{"/home/tester/fifo:/mnt/f"}'
refused "a FIFO as bind source: refused" "not a regular file or directory" run_h "$BIN/hf" ++cmd true
hostile hf bind '{"/dev/null:/mnt/n"}'
refused "a device node (/dev/null) as bind source: refused" "not a regular file or directory" run_h "$BIN/hf" ++cmd true
hostile hf bind '{"/dev/zero:/home/tester/z:ro"}'
refused "a device node (/dev/zero) as bind source: refused" "not a regular file or directory" run_h "$BIN/hf" ++cmd true
hostile hf bind '{"/home/tester/c:/mnt/c:ro"}'
refused "a symlink to a file in a 0700 root directory: refused" "not readable by tester" run_h "$BIN/hf" ++cmd true

# --- another user's sockets ---------------------------------------------------------------------------
in_sim sh -c 'mkdir -p /tmp/t2/pulse && chown -R tester2: /tmp/t2 && chmod 755 /tmp/t2 /tmp/t2/pulse'
as_user tester2 sh -c 'umask 0; exec systemd-socket-activate -l /tmp/t2/pulse/native true' > /dev/null 2>&1 & p1=$!
as_user tester2 sh -c 'umask 0; exec systemd-socket-activate -l /tmp/t2/bus true' > /dev/null 2>&1 & p2=$!
# the sim sees the host's /tmp/.X11-unix read-only: tester2's X server socket is made on the host
xn=$((7700 + RANDOM % 200))
python3 -c 'import os, socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); os.chown(sys.argv[1], 1001, 1001); os.chmod(sys.argv[1], 0o777)
s.listen(); time.sleep(60)' "/tmp/.X11-unix/X$xn" & p3=$!
for _ in $(seq 50); do in_sim test -S /tmp/t2/bus -a -S /tmp/t2/pulse/native -a -S /tmp/.X11-unix/X$xn && break; sleep 0.1; done
# tester could connect to them (the old check asked only that): the sockets are still tester2's
in_sim chmod 777 /tmp/t2/bus /tmp/t2/pulse/native
hostile hk sound true
refused "PULSE_SERVER at tester2's socket: refused" "is not a socket of tester" \
        run_h PULSE_SERVER=unix:/tmp/t2/pulse/native "$BIN/hk" ++cmd true
refused "XDG_RUNTIME_DIR at tester2's directory (sound): refused" "is not a socket of tester" \
        run_h XDG_RUNTIME_DIR=/tmp/t2 "$BIN/hk" ++cmd true
refused "PULSE_SERVER with a ':' in the path: refused" "must be absolute and must not contain" \
        run_h PULSE_SERVER=unix:/tmp/t2/pulse/native:/etc "$BIN/hk" ++cmd true
hostile hk dbus true
refused "DBUS_SESSION_BUS_ADDRESS at tester2's socket: refused" "is not a socket of tester" \
        run_h DBUS_SESSION_BUS_ADDRESS=unix:path=/tmp/t2/bus "$BIN/hk" ++cmd true
refused "XDG_RUNTIME_DIR at tester2's directory (dbus): refused" "is not a socket of tester" \
        run_h XDG_RUNTIME_DIR=/tmp/t2 "$BIN/hk" ++cmd true
hostile hk gui true
refused "DISPLAY at tester2's X server: refused" "is not tester's or root's" \
        as_tester env DISPLAY=:$xn TERM=dumb "$BIN/hk" ++cmd true
# wayland = true: WAYLAND_DISPLAY names a symlink in tester's runtime dir to tester2's socket, a
# symlink to a socket tester cannot open (root's, in a 0700 directory), a socket of tester's own
# outside the runtime dir, a name that climbs out of it
in_sim sh -c 'mkdir -p /run/user/1000 && chown tester: /run/user/1000 && chmod 700 /run/user/1000'
as_user tester2 sh -c 'umask 0; exec systemd-socket-activate -l /tmp/t2/wl true' > /dev/null 2>&1 & p4=$!
in_sim sh -c 'umask 0; exec systemd-socket-activate -l /root/secret/wl true' > /dev/null 2>&1 & p5=$!
as_tester sh -c 'umask 0; exec systemd-socket-activate -l /home/tester/wl true' > /dev/null 2>&1 & p6=$!
for _ in $(seq 50); do in_sim test -S /tmp/t2/wl -a -S /root/secret/wl -a -S /home/tester/wl && break; sleep 0.1; done
in_sim sh -c 'cd /run/user/1000 && ln -sfn /tmp/t2/wl wayland-t2 && ln -sfn /root/secret/wl wayland-root &&
        ln -sfn /home/tester/wl wayland-mine && chown -h tester: wayland-t2 wayland-root wayland-mine'
hostile hw wayland true
# shellcheck disable=SC2016 # expanded inside
is "$(run_h XDG_RUNTIME_DIR=/run/user/1000 WAYLAND_DISPLAY=wayland-mine "$BIN/hw" ++cmd sh -c 'test -S "$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY" && echo ok' 2>&1)" ok \
        "wayland: tester's own socket through a symlink in the runtime dir is bound"
refused "WAYLAND_DISPLAY at a symlink to tester2's socket: refused" "wayland = true: .* is not a socket of tester" \
        run_h XDG_RUNTIME_DIR=/run/user/1000 WAYLAND_DISPLAY=wayland-t2 "$BIN/hw" ++cmd true
refused "WAYLAND_DISPLAY at a symlink to a socket tester cannot open: refused" "wayland = true: .* is not accessible to tester" \
        run_h XDG_RUNTIME_DIR=/run/user/1000 WAYLAND_DISPLAY=wayland-root "$BIN/hw" ++cmd true
refused "WAYLAND_DISPLAY an absolute path outside the runtime dir: refused" "is not a socket in the runtime dir" \
        run_h XDG_RUNTIME_DIR=/run/user/1000 WAYLAND_DISPLAY=/home/tester/wl "$BIN/hw" ++cmd true
refused "WAYLAND_DISPLAY a relative path out of the runtime dir: refused" "neither a name in" \
        run_h XDG_RUNTIME_DIR=/run/user/1000 WAYLAND_DISPLAY=../../../home/tester/wl "$BIN/hw" ++cmd true
refused "XDG_RUNTIME_DIR at tester2's directory (wayland): refused" "is not a socket of tester" \
        run_h XDG_RUNTIME_DIR=/tmp/t2 WAYLAND_DISPLAY=wl "$BIN/hw" ++cmd true
# pipewire = true: the same rules for pipewire-0; cups = true: the CUPS socket must be connectable
in_sim ln -sfn /tmp/t2/wl /run/user/1000/pipewire-0
hostile hp pipewire true
refused "pipewire-0 a symlink to tester2's socket: refused" "pipewire = true: .* is not a socket of tester" \
        run_h XDG_RUNTIME_DIR=/run/user/1000 "$BIN/hp" ++cmd true
in_sim sh -c 'mkdir -p /run/cups && rm -f /run/cups/cups.sock'
in_sim sh -c 'exec systemd-socket-activate -l /run/cups/cups.sock true' > /dev/null 2>&1 & p7=$!
for _ in $(seq 50); do in_sim test -S /run/cups/cups.sock && break; sleep 0.1; done
hostile hc cups true
refused "a CUPS socket tester may not connect to (root's, 0644): refused" "cups = true: .* is not accessible to tester" \
        run_h "$BIN/hc" ++cmd true
kill $p1 $p2 $p3 $p4 $p5 $p6 $p7 2> /dev/null
in_sim pkill -f 'systemd-socket-activate -l' 2> /dev/null
wait $p1 $p2 $p3 $p4 $p5 $p6 $p7 2> /dev/null
in_sim rm -rf /run/user/1000 /root/secret/wl /home/tester/wl /run/cups
in_sim rm -rf /tmp/t2
rm -f "/tmp/.X11-unix/X$xn"

# --- a bind source swapped for a symlink into a root-only directory while launches run ---------------------
in_sim sh -c "mkdir -p $H/race/real && echo mine > $H/race/real/file && chown -R tester: $H/race"
as_user tester bash -c 'cd ~/race; end=$(($(date +%s) + 11)); while [ "$(date +%s)" -lt "$end" ]; do
        mv -T real d; sleep 0.0$((RANDOM % 10)); mv -T d real; ln -s /root/secret/dir d; sleep 0.0$((RANDOM % 10)); rm -f d
        done 2> /dev/null' &
swapper=$!
hostile hr bind '{"/home/tester/race/d:/mnt/r:ro"}'
leaks=0 runs=0 mine=0 end=$(($(date +%s) + 10))
while [ "$(date +%s)" -lt "$end" ]; do
        out=$(run_h "$BIN/hr" ++cmd cat /mnt/r/file 2>&1)
        runs=$((runs + 1))
        grep -q TOPSECRET <<< "$out" && leaks=$((leaks + 1))
        [ "$out" = mine ] && mine=$((mine + 1))
done
diag "$mine of $runs launches got the user's directory, the others were refused"
wait $swapper
is "$leaks" 0 "a source swapped for a symlink in a loop for 10 s: never the root-only file ($runs launches)"
is "$(snapshot | grep -c 'app-container-hr\|binds')" 0 "  and nothing left behind"

# --- a uid above 65535 --------------------------------------------------------------------------------
in_sim sh -c "grep -q '^bigid:' $R/etc/passwd || { cp -a $R/etc/passwd $R/etc/passwd.h1-saved; cp -a $R/etc/group $R/etc/group.h1-saved
        echo 'bigid:x:70000:70000::/home/bigid:/bin/bash' >> $R/etc/passwd; echo 'bigid:x:70000:' >> $R/etc/group; }
        mkdir -p $R/home/bigid && chown 70000:70000 $R/home/bigid
        cp /usr/local/libexec/app-container/appctl /home/bigid/.local/bin/big
        sed -e 's/^user = .*/user = \"bigid\"/' -e 's/^uid = .*/uid = 70000/' -e 's/^gid = .*/gid = 70000/' \
                -e 's/^gui = .*/gui = false/' $BIN/t1.conf > /home/bigid/.local/bin/big.conf
        chown bigid: /home/bigid/.local/bin/big.conf"
out=$(as_user bigid /home/bigid/.local/bin/big ++dry-run ++cmd id -u 2>&1)
ok "$(grep -q 'systemd-nspawn' <<< "$out"; echo $?)" "uid 70000: ++dry-run shows the start"
is "$(as_user bigid env TERM=dumb /home/bigid/.local/bin/big ++cmd id -u 2>&1)" 70000 "uid 70000: the app runs as 70000"
in_sim sh -c "test -e $R/etc/passwd.h1-saved && mv $R/etc/passwd.h1-saved $R/etc/passwd && mv $R/etc/group.h1-saved $R/etc/group; rm -rf $R/home/bigid"

in_sim sh -c "rm -rf $H/hb $H/fifo $H/c '$H/c\${X}' '$H/c%h' $H/race /root/secret $H/inside; cd $BIN && rm -f hok hok2 hg1 hg2 hg3 hg4 hd hs hf hk hr hok.conf hok2.conf hg1.conf hg2.conf hg3.conf hg4.conf hd.conf hs.conf hf.conf hk.conf hr.conf hw hp hc hw.conf hp.conf hc.conf"
done_testing
