#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The bash completion (conf/completions/app-container.bash): verbs, options, distros, app names from
# a script dir, and a launcher's ++ options. Plain bash, no bash-completion needed. TAP.
set -u
SRC=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
n=0 failed=0
is() { n=$((n + 1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3"; echo "#   got:  '$1'"; echo "#   want: '$2'"; failed=$((failed + 1)); fi; }

HOME=$(mktemp -d)
trap 'rm -rf "$HOME"' EXIT
mkdir -p "$HOME/.local/bin" "$HOME/other"
for a in web mail; do
        : > "$HOME/.local/bin/$a"
        printf '# app-container launcher configuration\nrun = "x"\n' > "$HOME/.local/bin/$a.conf"
done
printf 'not ours\n' > "$HOME/.local/bin/notes.conf"; : > "$HOME/.local/bin/notes"
printf '# app-container launcher configuration\n' > "$HOME/.local/bin/orphan.conf"
: > "$HOME/other/far"; printf '# app-container launcher configuration\n' > "$HOME/other/far.conf"

# shellcheck source=../../conf/completions/app-container.bash
. "$SRC/conf/completions/app-container.bash"

# complete FUNCTION WORD...: COMPREPLY for the last word, sorted, on one line
complete_words() {
        local f=$1
        shift
        COMP_WORDS=("$@")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMPREPLY=()
        "$f"
        [ ${#COMPREPLY[@]} = 0 ] || printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}
mac() { complete_words _make_app_container make-app-container "$@"; }
launcher() { complete_words _app_container_launcher web "$@"; }

is "$(mac '')" "create edit list remove show-recipe " "verbs"
is "$(mac re)" "remove " "a verb by its start"
is "$(mac remove '')" "mail web " "remove: the apps of ~/.local/bin, not a foreign .conf, not a conf without launcher"
is "$(mac --script-dir "$HOME/other" edit '')" "far " "--script-dir changes where the names come from"
is "$(mac create '')" "bookworm bullseye focal jammy noble sid stable testing trixie unstable " "create: distros first"
is "$(mac create --network '')" "nat off on separate " "--network's modes"
is "$(mac create --pri)" "--privilege " "create's options"
is "$(mac remove --)" "--purge --script-dir --yes " "remove's options"
is "$(launcher ++st)" "++start ++status ++stop " "a launcher's ++ options"
is "$(launcher ++network '')" "nat off on separate " "++network's modes"
is "$(launcher ++cmd xyzzy-no-such)" "" "++cmd: no such command"
is "$(launcher ++cmd bas | grep -ow bash | head -1)" bash "++cmd: a command"
is "$(launcher --incognito '')" "$(compgen -f -- '' | sort | tr '\n' ' ')" "after the app's first argument: files, no ++ options"
is "$(complete -p web 2>/dev/null | grep -c _app_container_launcher)" 1 "launchers are registered by name"
is "$(complete -p notes 2>/dev/null | grep -c _app_container_launcher)" 0 "other programs are not"
echo "1..$n"
[ "$failed" = 0 ]
