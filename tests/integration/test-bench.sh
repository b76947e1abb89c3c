#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The benchmark in its CI mode (bench/run --short): every measurement must run without an error and
# the table must have a number in each row; the timings themselves never fail it. TAP.
set -uo pipefail
HERE=$(dirname "$(readlink -f "$0")")
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root (sudo tests/run)"
sim_start || skip_all "host simulator cannot start"
sim_stop > /dev/null 2>&1 # bench/run boots its own

out=$(bash "$SRC/bench/run" --short 2>&1)
rc=$?
sed 's/^/# /' <<< "$out"
is "$rc" 0 "bench/run --short exits 0"
rows=$(grep -c '^| [wc][ao][rl][md]' <<< "$out")
is "$rows" 9 "it reports the 9 launch measurements (two of them with a busy loop on every core)"
is "$(grep '^| [wc][ao][rl][md]' <<< "$out" | grep -vcE '\| [0-9][0-9.]* ms (\(quartiles [0-9.]+-[0-9.]+\) )?\|')" 0 \
        "each with a time (the loaded ones with their quartiles)"
check "and writes $ACT_TEST_DIR/bench.md" test -s "$ACT_TEST_DIR/bench.md"
done_testing
