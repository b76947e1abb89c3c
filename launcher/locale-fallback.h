/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The caller's LANG and LC_* reach the app (env-check.h); the container may lack that locale (a
 * minbase image has only C.UTF-8 until the locales package generates more). glibc would then fall
 * back to plain C, ASCII, silently: text in any other script turns into '?'. Run where the app's
 * root is the container's (newlocale() reads its /usr/lib/locale): each locale variable of ENV that
 * names a locale glibc cannot load there becomes C.UTF-8. *RET_MISSING: the first name replaced
 * (static storage of ENV's string, valid until ENV changes), or NULL. */
int locale_env_fallback(char **env, const char **ret_missing);
