/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "parse-util.h"

int parse_unsigned(const char *s, unsigned long min, unsigned long max, unsigned *ret) {
        char *end;
        unsigned long v;

        if (!s || !isdigit((unsigned char) s[0]))
                return -EINVAL;
        errno = 0;
        v = strtoul(s, &end, 10);
        if (errno != 0 || *end || v < min || v > max)
                return -EINVAL;
        *ret = (unsigned) v;
        return 0;
}

bool id_is_valid(unsigned long long id) {
        return id >= 1 && id <= UINT32_MAX - 1 && id != UINT16_MAX;
}

int parse_id(const char *s, unsigned *ret) {
        unsigned v;
        int r = parse_unsigned(s, 1, UINT32_MAX - 1, &v);

        if (r < 0)
                return r;
        if (!id_is_valid(v))
                return -EINVAL;
        *ret = v;
        return 0;
}

int error_text(char **ret_error, const char *format, ...) {
        va_list ap;

        va_start(ap, format);
        if (vasprintf(ret_error, format, ap) < 0)
                *ret_error = NULL;
        va_end(ap);
        return -EINVAL;
}
