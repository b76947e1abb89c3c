/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "archive-cache.h"
#include "macro.h"
#include "path-util.h"

int archive_deb_name(const char *package, const char *version, const char *arch, char **ret) {
        _cleanup_free_ char *s = NULL;
        FILE *f;
        size_t size = 0;

        f = open_memstream(&s, &size);
        if (!f)
                return -ENOMEM;
        fprintf(f, "%s_", package);
        for (const char *c = version; *c; c++)
                if (*c == ':')
                        fputs("%3a", f);
                else
                        fputc(*c, f);
        fprintf(f, "_%s.deb", arch);
        if (fclose(f) != 0)
                return -ENOMEM;
        *ret = TAKE_PTR(s);
        return 0;
}

static int cmp_str(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

typedef struct Stanza {
        char *package, *version, *arch;
        bool installed;
} Stanza;

static void stanza_done(Stanza *s) {
        free(s->package);
        free(s->version);
        free(s->arch);
        *s = (Stanza){};
}

static int stanza_end(Stanza *s, char ***l) {
        char *name = NULL;
        int r = 0;

        if (s->installed && s->package && s->version && s->arch) {
                r = archive_deb_name(s->package, s->version, s->arch, &name);
                if (r >= 0)
                        r = strv_push(l, name);
        }
        stanza_done(s);
        return r;
}

static int field(const char *line, const char *key, char **field) {
        size_t l = strlen(key);

        if (!strneq(line, key, l))
                return 0;
        line += l;
        line += strspn(line, " \t");
        free(*field);
        *field = strndup(line, strcspn(line, " \t\n"));
        return *field ? 1 : -ENOMEM;
}

int dpkg_status_debs(FILE *f, char ***ret) {
        _cleanup_strv_free_ char **l = calloc(1, sizeof(char *));
        _cleanup_free_ char *line = NULL;
        Stanza s = {};
        size_t size = 0;
        int r = 0;

        if (!l)
                return -ENOMEM;
        while (r >= 0 && getline(&line, &size, f) >= 0) {
                if (line[0] == '\n') {
                        r = stanza_end(&s, &l);
                        continue;
                }
                if (strneq(line, "Status:", 7)) {
                        /* "install ok installed"; "deinstall ok config-files" has no .deb in use */
                        s.installed = strstr(line, " installed\n") || strstr(line, " installed\r");
                        continue;
                }
                r = field(line, "Package:", &s.package);
                if (r == 0)
                        r = field(line, "Version:", &s.version);
                if (r == 0)
                        r = field(line, "Architecture:", &s.arch);
        }
        if (r >= 0)
                r = stanza_end(&s, &l);
        stanza_done(&s);
        if (r < 0)
                return r;
        qsort(l, strv_length(l), sizeof(char *), cmp_str);
        *ret = TAKE_PTR(l);
        return 0;
}
