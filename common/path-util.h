/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

bool path_is_absolute(const char *p);
/* No "." or ".." components, no "//"; a trailing slash is allowed only for "/". */
bool path_is_normalized(const char *p);
/* Whether the normalized path P lies strictly below the normalized directory DIR (not DIR itself). */
bool path_is_below(const char *p, const char *dir);
/* The last component, without allocating; "" for "/". */
const char *path_basename(const char *p);
/* malloc'd directory part; "." when P has no slash. */
char *path_dirname(const char *p);
char *path_join(const char *a, const char *b);

/* Machine names follow systemd's rules: a valid hostname of at most 64 characters. */
bool machine_name_is_valid(const char *s);
/* A user name that useradd and systemd accept. */
bool user_name_is_valid(const char *s);
/* A well-known D-Bus name (the spec's rules: at least two '.'-separated elements of [A-Za-z0-9_-],
 * none empty or starting with a digit, at most 255 characters; no unique ":1.N" names), or such a
 * prefix followed by ".*", xdg-dbus-proxy's "this name and every name below it". */
#define BUS_NAME_MAX 255
bool bus_name_is_valid(const char *s);

/* strv: NULL-terminated string arrays */
size_t strv_length(char *const *l);
void strv_free(char **l);
static inline void strv_freep(char ***l) {
        strv_free(*l);
}
#define _cleanup_strv_free_ __attribute__((cleanup(strv_freep)))
int strv_push(char ***l, char *value); /* takes ownership of value, also on failure */
int strv_extend(char ***l, const char *value); /* copies */
int strv_extendf(char ***l, const char *format, ...) __attribute__((format(printf, 2, 3)));
char **strv_copy(char *const *l);
bool strv_contains(char *const *l, const char *s);

/* Splits a command line on blanks, honouring '…', "…" and backslash, as a shell would without
 * expansions. -EINVAL on an unbalanced quote. */
int split_command_line(const char *s, char ***ret);
/* Quotes one word so split_command_line() and sh read it back unchanged. */
char *shell_quote(const char *s);
