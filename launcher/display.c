/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>

#include "display.h"
#include "macro.h"

int display_parse(const char *display, unsigned *ret_number) {
        const char *p;
        unsigned long v = 0;

        if (isempty(display))
                return -EINVAL;
        if (display[0] == ':')
                p = display + 1;
        else if (strneq(display, "unix:", 5))
                p = display + 5;
        else
                return -EINVAL;

        if (!isdigit((unsigned char) *p))
                return -EINVAL;
        for (; isdigit((unsigned char) *p); p++) {
                v = v * 10 + (unsigned long) (*p - '0');
                if (v > DISPLAY_MAX)
                        return -EINVAL;
        }
        if (*p == '.') {
                p++;
                if (!isdigit((unsigned char) *p))
                        return -EINVAL;
                while (isdigit((unsigned char) *p))
                        p++;
        }
        if (*p)
                return -EINVAL;
        *ret_number = (unsigned) v;
        return 0;
}
