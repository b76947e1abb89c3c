/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

/* The caller's variables that reach the app with each launch besides TERM: the locale (LANG,
 * LC_*) and the HiDPI scale factors. The privileged half takes them only as ++internal-env and
 * hands them to an app that runs as the caller, so what they could do is the caller's own; they
 * are still held to a grammar, so that a value is never a path, an option or a multi-line blob. */

/* "en_US.UTF-8", "de_DE@euro", "C.UTF-8", "POSIX": letters, digits and "_.-@", 1..LOCALE_NAME_MAX
 * characters, starting with a letter. Not a path (no '/'), so glibc reads no file of our choosing. */
#define LOCALE_NAME_MAX 64
bool locale_name_is_valid(const char *s);

/* A locale create may generate (--locale): LL_CC.UTF-8 or LL_CC.utf8, with an optional @modifier
 * (LL two or three lower-case letters, CC two capitals). *ret_input: localedef's -i, "LL_CC[@mod]". */
int locale_utf8_input(const char *name, char **ret_input);

/* "2", "1.5", "0.75": digits, at most one '.', 1..SCALE_FACTOR_MAX characters. */
#define SCALE_FACTOR_MAX 8
bool scale_factor_is_valid(const char *s);

/* NULL-terminated: LANG, LC_ALL, LC_CTYPE, ... and GDK_SCALE, GDK_DPI_SCALE, QT_SCALE_FACTOR,
 * QT_AUTO_SCREEN_SCALE_FACTOR. */
extern const char *const look_env[];

/* KEY is one of look_env and VALUE fits its grammar. */
bool look_env_is_valid(const char *key, const char *value);
