#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# network = nat with allow = {...} (issue 11 item 8): the app's nftables table on the host end of its
# veth lets through what the list allows and drops the rest, both to a server behind the sim (the
# forward path) and to the sim itself (input); ++status shows it; ++stop removes it; a stale table
# is replaced at start; a conf with nft syntax in allow is refused with one file:line: error and
# changes no rule. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

setup_t1
in_sim nft list ruleset > /dev/null 2>&1 || skip_all "nftables does not work in the simulator"

running() { in_sim machinectl show "$1" > /dev/null 2>&1; }
stopped() { for _ in $(seq 100); do running "$1" || return 0; sleep 0.1; done; return 1; }
# set_allow NAME VALUE: app NAME's allow line (the creator writes "allow = {}") becomes "allow = VALUE"
set_allow() {
        in_sim sh -c 'sed -i "/^allow = /d" "$1" && printf "allow = %s\n" "$2" >> "$1"' sh "$BIN/$1.conf" "$2"
}
# connect NAME HOST PORT: what the server at HOST:PORT says to app NAME, or "no answer" after 3 s
connect() {
        # shellcheck disable=SC2016 # expanded inside
        in_app "$1" timeout 3 bash -c 'exec 3<> "/dev/tcp/$0/$1" && head -1 <&3' "$2" "$3" 2> /dev/null || echo "no answer"
}

# A server behind the sim: network namespace act-srv, 10.99.0.2 on a veth pair with the sim at
# 10.99.0.1, routing the containers' 192.168.77.0/24 back through the sim (no NAT needed). Each
# port answers "openPORT" per connection. Ports 8003/8004 listen on the sim itself.
in_sim sh -c 'ip netns del act-srv 2> /dev/null; ip link del act-fwd0 2> /dev/null
        ip netns add act-srv && ip link add act-fwd0 type veth peer name act-fwd1 &&
        ip link set act-fwd1 netns act-srv && ip addr add 10.99.0.1/24 dev act-fwd0 &&
        ip link set act-fwd0 up && ip -n act-srv addr add 10.99.0.2/24 dev act-fwd1 &&
        ip -n act-srv link set act-fwd1 up && ip -n act-srv link set lo up &&
        ip -n act-srv route add 192.168.77.0/24 via 10.99.0.1 && sysctl -qw net.ipv4.ip_forward=1'
ok $? "a server network namespace behind the sim"
for port in 8001 8002; do
        in_sim systemd-run -q --unit "act-srv-$port" ip netns exec act-srv \
                systemd-socket-activate -l "10.99.0.2:$port" -a --inetd /bin/echo "open$port"
done
for port in 8003 8004; do
        in_sim systemd-run -q --unit "act-srv-$port" systemd-socket-activate -l "$port" -a --inetd /bin/echo "open$port"
done
sleep 0.5
# shellcheck disable=SC2016 # expanded inside
is "$(in_sim timeout 3 bash -c 'exec 3<> /dev/tcp/10.99.0.2/8002 && head -1 <&3' 2>&1)" "open8002" \
        "the server's port 8002 answers the sim (so a drop below is the allowlist's)"

# a stale table of a killed launcher, with a rule of its own: replaced at the next start
printf 'table inet app_container_a1 {\n chain stale {\n  type filter hook forward priority 0; policy accept;\n }\n}\n' | in_sim nft -f -
ok $? "a stale table app_container_a1, as a killed launcher leaves it"
mkapp a1 network=nat
set_allow a1 '{"10.99.0.2:8001", "tcp:192.168.77.1:8003"}'

plan=$(as_tester "$BIN/a1" ++dry-run ++cmd true 2>&1)
ok "$(grep -c 'iifname "ve-a1" ip daddr 10.99.0.2/32 meta l4proto { tcp, udp } th dport 8001 accept' <<< "$plan" | grep -qx 2; echo $?)" \
        "++dry-run shows the rules (forward and input) for 10.99.0.2:8001"
ok "$(grep -q 'allow 10.99.0.2:8001 → tcp+udp 10.99.0.2/32 port 8001' <<< "$plan"; echo $?)" "++dry-run shows the parsed allow entries"
# (grep -q would end the pipe early, and pipefail see nft's SIGPIPE)
in_sim nft list table inet app_container_a1 2> /dev/null | grep -c 'chain stale' > /dev/null
ok $? "a dry run changes no rule"

as_tester "$BIN/a1" ++cmd sleep 120 > /dev/null 2>&1 &
holder=$!
for _ in $(seq 300); do in_sim nft list table inet app_container_a1 2> /dev/null | grep -c 've-a1' > /dev/null && break; sleep 0.1; done
table=$(in_sim nft list table inet app_container_a1 2>&1)
ok "$(! grep -q 'chain stale' <<< "$table"; echo $?)" "the stale table was replaced"
ok "$(grep -q 'iifname "ve-a1" drop' <<< "$table"; echo $?)" "the table drops what comes from ve-a1 unless allowed"

# addresses by hand: nothing in the sim runs networkd's DHCP server
leader=$(in_sim machinectl show a1 -p Leader --value)
in_sim sh -c 'ip addr add 192.168.77.1/24 dev ve-a1 && ip link set ve-a1 up &&
        nsenter -t "$1" -n sh -c "ip addr add 192.168.77.2/24 dev host0 && ip link set host0 up && ip route add default via 192.168.77.1"' sh "$leader"
ok $? "addresses on both ends of ve-a1"
sleep 1

is "$(connect a1 10.99.0.2 8001)" "open8001" "allowed: 10.99.0.2:8001 through the sim (forward)"
is "$(connect a1 10.99.0.2 8002)" "no answer" "dropped: 10.99.0.2:8002, not in the list (forward)"
is "$(connect a1 192.168.77.1 8003)" "open8003" "allowed: the sim's 192.168.77.1:8003 (input)"
is "$(connect a1 192.168.77.1 8004)" "no answer" "dropped: the sim's port 8004, not in the list (input)"
status=$(as_tester "$BIN/a1" ++status 2>&1)
ok "$(grep -q 'allow:     10.99.0.2:8001' <<< "$status" && grep -q 'iifname "ve-a1" ip daddr 10.99.0.2 .*th dport 8001 accept' <<< "$status"; echo $?)" \
        "++status shows the allow list and the live rules"

as_tester "$BIN/a1" ++stop > /dev/null 2>&1
stopped a1
ok $? "a1 stopped"
in_sim nft list table inet app_container_a1 > /dev/null 2>&1
ok $((!$?)) "the table is gone after ++stop"
wait "$holder" 2> /dev/null

# --- attacks: nft syntax in allow ----------------------------------------------------------------
printf 'table inet act_sentinel {\n chain c {\n  type filter hook input priority 0; policy accept;\n }\n}\n' | in_sim nft -f -
before=$(in_sim nft list ruleset)
# shellcheck disable=SC2016 # literal
for bad in '"1.2.3.4; flush ruleset"' '"1.2.3.4\" accept; flush ruleset; \""' "'1.2.3.4
flush ruleset'" '"10.0.0.0/8 } flush ruleset"'; do
        mkapp a2 network=nat
        set_allow a2 "{$bad}"
        # libconfuse counts the line where the value ends
        line=$(($(in_sim grep -n '^allow' /home/tester/.local/bin/a2.conf | cut -d: -f1) + $(printf %s "$bad" | grep -c '^') - 1))
        out=$(as_tester "$BIN/a2" ++cmd true 2>&1); rc=$?
        ok "$([ "$rc" != 0 ] && [ "$(wc -l <<< "$out")" = 1 ] &&
                grep -q "^a2: /home/tester/.local/bin/a2.conf:$line: allow '.*': only letters, digits and \. - : / \[ \] may appear$" <<< "$out"; echo $?)" \
                "allow = {$(tr '\n' '?' <<< "$bad")} refused with one file:line: error"
        diag "$(tr '\n' '|' <<< "$out")"
        running a2
        ok $((!$?)) "... and no container started"
done
is "$(in_sim nft list ruleset)" "$before" "no rule changed by the refused confs"
in_sim nft delete table inet act_sentinel

# allow needs nat: with network = on nothing could enforce it, so it does not start
mkapp a3 network=on
set_allow a3 '{"10.99.0.2:8001"}'
out=$(as_tester "$BIN/a3" ++cmd true 2>&1); rc=$?
is "$rc:$out" "1:a3: /home/tester/.local/bin/a3.conf: allow needs network = nat; with network = on nothing could enforce it." \
        "allow with network = on is refused"

# host names: resolved at each start (root's getaddrinfo, after the grammar check) and shown
mkapp a3 network=nat
set_allow a3 '{"tcp:localhost:80"}'
plan=$(as_tester "$BIN/a3" ++dry-run ++cmd true 2>&1)
ok "$(grep -q 'allow tcp:localhost:80 → tcp 127.0.0.1/32 port 80' <<< "$plan"; echo $?)" \
        "a host name is resolved (localhost → 127.0.0.1) and shown"
set_allow a3 '{"no-such-host.invalid:443"}'
out=$(as_tester "$BIN/a3" ++cmd true 2>&1); rc=$?
ok "$([ "$rc" != 0 ] && [ "$(wc -l <<< "$out")" = 1 ] && grep -q '^a3: allow: cannot resolve no-such-host.invalid: ' <<< "$out"; echo $?)" \
        "a name that does not resolve refuses the start with one line"
diag "$out"
running a3
ok $((!$?)) "... before anything started"

for port in 8001 8002 8003 8004; do in_sim systemctl stop "act-srv-$port" 2> /dev/null; done
in_sim sh -c 'ip netns del act-srv; ip link del act-fwd0; rm -f /home/tester/.local/bin/a[123] /home/tester/.local/bin/a[123].conf' 2> /dev/null
done_testing
