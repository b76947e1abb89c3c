/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <unistd.h>

#include "cache.h"
#include "macro.h"
#include "path-util.h"

static int cmp_str(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

int base_inputs_format(const BaseInputs *in, char **ret) {
        _cleanup_strv_free_ char **packages = strv_copy(in->packages);
        _cleanup_free_ char *buf = NULL;
        size_t size = 0, n;
        FILE *f;

        if (!packages)
                return -ENOMEM;
        n = strv_length(packages);
        /* the same set of packages is the same base, however the command line listed them */
        qsort(packages, n, sizeof(char *), cmp_str);

        f = open_memstream(&buf, &size);
        if (!f)
                return -ENOMEM;
        fprintf(f, "# make-app-container base; the cache key is the sha256 of this text\n");
        fprintf(f, "format %d\nsuite %s\narch %s\nvariant %s\nmirror %s\n", BASE_FORMAT_VERSION, in->suite,
                in->arch, in->variant, in->mirror);
        for (size_t i = 0; i < n; i++)
                if (i == 0 || !streq(packages[i], packages[i - 1]))
                        fprintf(f, "package %s\n", packages[i]);
        for (size_t i = 0; in->deb_hashes && in->deb_hashes[i]; i++)
                fprintf(f, "deb %s\n", in->deb_hashes[i]);
        if (fclose(f) != 0)
                return -ENOMEM;
        *ret = TAKE_PTR(buf);
        return 0;
}

void base_key(const char *inputs_text, char ret[SHA256_HEX_SIZE]) {
        sha256_hex(inputs_text, strlen(inputs_text), ret);
}

int debs_hash(char *const *debs, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;

        if (!(l = calloc(strv_length(debs) + 1, sizeof(char *))))
                return -ENOMEM;
        for (size_t i = 0; debs && debs[i]; i++) {
                char hex[SHA256_HEX_SIZE];
                int r = sha256_file(debs[i], hex);

                if (r < 0)
                        return r;
                if (!(l[i] = strdup(hex)))
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

int debs_hash_fds(const int *fds, size_t n, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;

        if (!(l = calloc(n + 1, sizeof(char *))))
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                char hex[SHA256_HEX_SIZE];
                int r;

                if (lseek(fds[i], 0, SEEK_SET) < 0)
                        return negative_errno();
                r = sha256_fd(fds[i], hex);
                if (r < 0)
                        return r;
                if (!(l[i] = strdup(hex)))
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

int base_path(const char *cache_dir, const char *key, const char *suffix, char **ret) {
        return asprintf(ret, "%s/bases/%s%s", cache_dir, key, suffix) < 0 ? -ENOMEM : 0;
}
