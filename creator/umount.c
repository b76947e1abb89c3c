/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <sys/mount.h>

#include "macro.h"
#include "path-util.h"
#include "umount.h"

/* mountinfo escapes blanks, tabs, newlines and backslashes as \ooo */
static void unescape(char *s) {
        char *w = s;

        for (; *s; s++) {
                if (s[0] == '\\' && s[1] >= '0' && s[1] <= '7' && s[2] >= '0' && s[2] <= '7' &&
                        s[3] >= '0' && s[3] <= '7') {
                        *w++ = (char) ((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
                        s += 3;
                } else
                        *w++ = *s;
        }
        *w = 0;
}

static bool is_below(const char *p, const char *top) {
        size_t l = strlen(top);

        return strneq(p, top, l) && (p[l] == 0 || p[l] == '/');
}

int umount_below(const char *path) {
        int n = 0;

        /* each pass takes the last matching entry: later entries are stacked on or below earlier ones */
        for (;;) {
                _cleanup_fclose_ FILE *f = fopen("/proc/self/mountinfo", "re");
                _cleanup_free_ char *line = NULL, *found = NULL;
                size_t size = 0;

                if (!f)
                        return negative_errno();
                while (getline(&line, &size, f) >= 0) {
                        char target[4096];

                        if (sscanf(line, "%*s %*s %*s %*s %4095s", target) != 1)
                                continue;
                        unescape(target);
                        if (is_below(target, path)) {
                                free(found);
                                found = strdup(target);
                                if (!found)
                                        return -ENOMEM;
                        }
                }
                if (!found)
                        return n;
                if (umount2(found, MNT_DETACH | UMOUNT_NOFOLLOW) < 0)
                        return negative_errno();
                n++;
        }
}
