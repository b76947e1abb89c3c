/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* A minimal TAP producer: each check is one "ok N - name" line, so tests/run can count them. */

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline bool _tap_ok(bool cond, const char *file, int line, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static inline bool _tap_ok(bool cond, const char *file, int line, const char *fmt, ...) {
        va_list ap;

        printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        printf("\n");
        if (!cond) {
                printf("#   failed at %s:%d\n", file, line);
                tap_failed++;
        }
        fflush(stdout);
        return cond;
}

#define ok(cond, ...) _tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...)                                                                              \
        ({                                                                                                  \
                const char *_g = (got), *_w = (want);                                                       \
                bool _r = ok(_g && _w ? strcmp(_g, _w) == 0 : _g == _w, __VA_ARGS__);                       \
                if (!_r)                                                                                    \
                        printf("#   got:  '%s'\n#   want: '%s'\n", _g ?: "(null)", _w ?: "(null)");         \
                _r;                                                                                         \
        })
#define is_int(got, want, ...)                                                                              \
        ({                                                                                                  \
                long long _g = (got), _w = (want);                                                          \
                bool _r = ok(_g == _w, __VA_ARGS__);                                                        \
                if (!_r)                                                                                    \
                        printf("#   got:  %lld\n#   want: %lld\n", _g, _w);                                 \
                _r;                                                                                         \
        })

static inline int tap_done(void) {
        printf("1..%d\n", tap_n);
        return tap_failed ? 1 : 0;
}
