/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arg-check.h"
#include "env-check.h"
#include "macro.h"

const char *const look_env[] = {
        "LANG",
        "LC_ALL",
        "LC_CTYPE",
        "LC_NUMERIC",
        "LC_TIME",
        "LC_COLLATE",
        "LC_MONETARY",
        "LC_MESSAGES",
        "LC_PAPER",
        "LC_NAME",
        "LC_ADDRESS",
        "LC_TELEPHONE",
        "LC_MEASUREMENT",
        "LC_IDENTIFICATION",
        "GDK_SCALE",
        "GDK_DPI_SCALE",
        "QT_SCALE_FACTOR",
        "QT_AUTO_SCREEN_SCALE_FACTOR",
        NULL,
};

static bool is_alpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c) {
        return c >= '0' && c <= '9';
}

bool locale_name_is_valid(const char *s) {
        size_t n = s ? strlen(s) : 0;

        if (n == 0 || n > LOCALE_NAME_MAX || !is_alpha(s[0]) || !arg_is_safe(s))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!is_alpha(s[i]) && !is_digit(s[i]) && !strchr("_.-@", s[i]))
                        return false;
        return true;
}

int locale_utf8_input(const char *name, char **ret_input) {
        const char *dot, *at, *charset;
        size_t lang = 0;

        if (!locale_name_is_valid(name) || !(dot = strchr(name, '.')))
                return -EINVAL;
        while (name[lang] >= 'a' && name[lang] <= 'z')
                lang++;
        if (lang < 2 || lang > 3 || name[lang] != '_' || !(name[lang + 1] >= 'A' && name[lang + 1] <= 'Z') ||
                !(name[lang + 2] >= 'A' && name[lang + 2] <= 'Z') || name + lang + 3 != dot)
                return -EINVAL;
        charset = dot + 1;
        at = strchr(charset, '@');
        if (!((at ? (size_t) (at - charset) : strlen(charset)) == 5 && strneq(charset, "UTF-8", 5)) &&
                !((at ? (size_t) (at - charset) : strlen(charset)) == 4 && strneq(charset, "utf8", 4)))
                return -EINVAL;
        if (at && (!at[1] || strchr(at + 1, '@') || strchr(at + 1, '.')))
                return -EINVAL;
        if (asprintf(ret_input, "%.*s%s", (int) (dot - name), name, at ?: "") < 0)
                return -ENOMEM;
        return 0;
}

bool scale_factor_is_valid(const char *s) {
        size_t n = s ? strlen(s) : 0;
        bool dot = false;

        if (n == 0 || n > SCALE_FACTOR_MAX || !is_digit(s[0]) || !is_digit(s[n - 1]))
                return false;
        for (size_t i = 0; i < n; i++) {
                if (s[i] == '.' && !dot)
                        dot = true;
                else if (!is_digit(s[i]))
                        return false;
        }
        return true;
}

bool look_env_is_valid(const char *key, const char *value) {
        if (!key || !value)
                return false;
        if (streq(key, "LANG") || strneq(key, "LC_", 3)) {
                for (size_t i = 0; look_env[i]; i++)
                        if (streq(look_env[i], key))
                                return locale_name_is_valid(value);
                return false;
        }
        for (size_t i = 0; look_env[i]; i++)
                if (streq(look_env[i], key))
                        return scale_factor_is_valid(value);
        return false;
}
