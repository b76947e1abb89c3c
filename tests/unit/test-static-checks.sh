#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Static checks of the root half's sources (issue 9), TAP:
#  - every string of the nspawn command line (ExecStart= of the container unit) that is not a
#    literal of launcher/nspawn-args.c goes through add_checked(), i.e. arg_is_safe(): systemd and
#    nspawn reinterpret '$', '%', '\' and ':' in what the user controls;
#  - no `return log_error(...)`/`return log_warning(...)`: they return 0, which reads as success;
#  - no positive errno in a log call or a return (issue 13): every errno is negative.
# SRC_DIR (default: this checkout) lets the mutation runner point it at a mutated copy.
set -u
SRC=${SRC_DIR:-$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)}
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

# bypasses FILE: each line of the ExecStart builders that puts a non-literal string into the list
# without add_checked(). strv_extend() may take a literal or fixed[i] only; strv_extendf() and any
# other way of appending only inside add_checked() itself.
bypasses() {
        awk '
        /^[a-z].*\(.*\) \{$/ || /^[a-z].*\($/ { fn = $0; sub(/\(.*/, "", fn); sub(/.* \**/, "", fn) }
        /^}/ { fn = "" }
        fn == "add_checked" || fn == "" || fn == "grants_to_string" { next }
        {
                line = $0
                if (line ~ /strv_extendf[ (]|strv_push|strv_consume|asprintf|strdup|\[[a-z_]+\+\+\] *=/) {
                        print FILENAME ":" FNR ": " line; next
                }
                while (match(line, /strv_extend\(&l, [^)]*\)/)) {
                        arg = substr(line, RSTART + 16, RLENGTH - 17)
                        if (arg !~ /^"[^"]*"$/ && arg != "fixed[i]")
                                print FILENAME ":" FNR ": " $0
                        line = substr(line, RSTART + RLENGTH)
                }
        }' "$1"
}

out=$(bypasses "$SRC/launcher/nspawn-args.c")
ok "$([ -z "$out" ]; echo $?)" "launcher/nspawn-args.c: every non-literal argument goes through add_checked()"
[ -n "$out" ] && printf '#   %s\n' "$out"
out=$(grep -c 'arg_is_safe(value)' "$SRC/launcher/nspawn-args.c")
ok "$([ "$out" = 1 ]; echo $?)" "add_checked() calls arg_is_safe() on its value"

# the check can fail: a planted bypass is found
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
sed 's|r = add_checked(&l, NULL, c->directory, NULL);|r = strv_extend(\&l, c->directory);|' \
        "$SRC/launcher/nspawn-args.c" > "$tmp"
out=$(bypasses "$tmp")
ok "$([ -n "$out" ]; echo $?)" "a planted bypass (strv_extend of c->directory) is caught"
sed 's|return add_checked(l, read_only ? "--bind-ro" : "--bind", source, destination);|return strv_extendf(l, "--bind=%s", source);|' \
        "$SRC/launcher/nspawn-args.c" > "$tmp"
out=$(bypasses "$tmp")
ok "$([ -n "$out" ]; echo $?)" "a planted bypass (strv_extendf in add_bind) is caught"

out=$(grep -rnE 'return log_(error|warning|notice|info|debug)\(' "$SRC"/common "$SRC"/host "$SRC"/launcher "$SRC"/creator --include='*.c')
ok "$([ -z "$out" ]; echo $?)" "no 'return log_error(...)' (it returns 0): log_error_errno(-EINVAL, ...)"
[ -n "$out" ] && printf '#   %s\n' "$out"

# positive_errnos FILE...: a log call given a positive errno (EINVAL, errno) as its first argument,
# also on the line after `log_error_errno(`, and a function returning one; the convention is
# negative errno everywhere (-EINVAL, negative_errno()), so that a returned log call is a failure.
positive_errnos() {
        grep -nHE 'log_[a-z]+_errno\( *(E[A-Z0-9]+|errno)\b|return +(E[A-Z][A-Z0-9]+|errno);' "$@"
        grep -nH -A1 -E 'log_[a-z]+_errno\($' "$@" | grep -E '^.+-[0-9]+-[[:space:]]+(E[A-Z0-9]+|errno)\b'
}
out=$(positive_errnos "$SRC"/common/*.[ch] "$SRC"/host/*.[ch] "$SRC"/launcher/*.[ch] "$SRC"/creator/*.[ch])
ok "$([ -z "$out" ]; echo $?)" "no log_*_errno(EINVAL, ...) or return EINVAL: errnos are negative"
[ -n "$out" ] && sed 's/^/#   /' <<< "$out"
sed 's|log_error_errno(-EINVAL, "No command to run.");|log_error_errno(EINVAL, "No command to run.");|' \
        "$SRC/launcher/actions.c" > "$tmp"
out=$(positive_errnos "$tmp")
ok "$([ -n "$out" ]; echo $?)" "a planted log_error_errno(EINVAL, ...) is caught"
printf 'return log_error_errno(\n        errno, "x");\n' > "$tmp"
out=$(positive_errnos "$tmp")
ok "$([ -n "$out" ]; echo $?)" "a planted log_error_errno(errno, ...) split over two lines is caught"

echo "1..$n"
[ "$failed" = 0 ]
