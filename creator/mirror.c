/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>

#include "macro.h"
#include "mirror.h"
#include "path-util.h"

static char *skip_blanks(char *s) {
        while (*s == ' ' || *s == '\t')
                s++;
        return s;
}

static char *first_word(char *s) {
        char *e;

        s = skip_blanks(s);
        e = s;
        while (*e && !isspace((unsigned char) *e))
                e++;
        return e > s ? strndup(s, (size_t) (e - s)) : NULL;
}

int mirror_from_deb822(FILE *f, char **ret) {
        _cleanup_free_ char *line = NULL;
        size_t size = 0;

        while (getline(&line, &size, f) >= 0) {
                char *v;

                /* field names are case-insensitive in deb822 */
                if (line[0] == '#' || strncasecmp(line, "URIs:", 5) != 0)
                        continue;
                v = first_word(line + 5);
                if (!v)
                        continue;
                *ret = v;
                return 0;
        }
        return -ENOENT;
}

int mirror_from_sources_list(FILE *f, char **ret) {
        _cleanup_free_ char *line = NULL;
        size_t size = 0;

        while (getline(&line, &size, f) >= 0) {
                char *p = skip_blanks(line), *v;

                if (!strneq(p, "deb", 3) || (p[3] != ' ' && p[3] != '\t'))
                        continue;
                p = skip_blanks(p + 3);
                /* "deb [arch=amd64 signed-by=...] URI suite ..." */
                if (*p == '[') {
                        p = strchr(p, ']');
                        if (!p)
                                continue;
                        p++;
                }
                v = first_word(p);
                if (!v)
                        continue;
                *ret = v;
                return 0;
        }
        return -ENOENT;
}

int mirror_detect(const char *root, char **ret) {
        static const struct {
                const char *path;
                int (*parse)(FILE *f, char **ret);
        } sources[] = {
                {"etc/apt/sources.list.d/debian.sources", mirror_from_deb822},
                {"etc/apt/sources.list", mirror_from_sources_list},
        };
        char *m;

        for (size_t i = 0; i < ELEMENTSOF(sources); i++) {
                _cleanup_free_ char *p = path_join(root, sources[i].path);
                _cleanup_fclose_ FILE *f = NULL;

                if (!p)
                        return -ENOMEM;
                f = fopen(p, "re");
                if (!f)
                        continue;
                if (sources[i].parse(f, ret) == 0)
                        return 0;
        }
        m = strdup(DEFAULT_DEBIAN_MIRROR);
        if (!m)
                return -ENOMEM;
        *ret = m;
        return 0;
}
