/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The caller's LANG and LC_* reach the app (env-check.h); the container may lack that locale (a
 * minbase image has only C.UTF-8 until the locales package generates more). glibc would then fall
 * back to plain C, ASCII, silently: text in any other script turns into '?'. Run where the app's
 * root is the container's (newlocale() reads its /usr/lib/locale): each locale variable of ENV that
 * names a locale glibc cannot load there becomes C.UTF-8 (ENV's strings are malloc()ed: a replaced
 * one is freed). *RET_MISSING: a copy of the first name replaced (the caller frees it), or NULL. */
int locale_env_fallback(char **env, char **ret_missing);
