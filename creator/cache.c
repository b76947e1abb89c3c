/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "macro.h"
#include "parse-util.h"
#include "path-util.h"
#include "process.h"

static int cmp_str(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

static int inputs_format(const BaseInputs *in, bool whole, char **ret) {
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
        fprintf(f, "# make-app-container %s; the cache key is the sha256 of this text\n",
                whole ? "base" : "core");
        fprintf(f, "format %d\nsuite %s\narch %s\nvariant %s\nmirror %s\n", BASE_FORMAT_VERSION, in->suite,
                in->arch, in->variant, in->mirror);
        if (in->bootstrapper)
                fprintf(f, "bootstrap %s\n", in->bootstrapper);
        if (whole && in->core_key)
                fprintf(f, "core %s %s\n", in->core_key, strna(in->core_stamp));
        for (size_t i = 0; whole && i < n; i++)
                if (i == 0 || !streq(packages[i], packages[i - 1]))
                        fprintf(f, "package %s\n", packages[i]);
        for (size_t i = 0; whole && in->deb_hashes && in->deb_hashes[i]; i++)
                fprintf(f, "deb %s\n", in->deb_hashes[i]);
        if (fclose(f) != 0)
                return -ENOMEM;
        *ret = TAKE_PTR(buf);
        return 0;
}

int core_inputs_format(const BaseInputs *in, char **ret) {
        return inputs_format(in, false, ret);
}

int base_inputs_format(const BaseInputs *in, char **ret) {
        return inputs_format(in, true, ret);
}

bool base_has_layer(const BaseInputs *in) {
        return (in->packages && in->packages[0]) || (in->deb_hashes && in->deb_hashes[0]);
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

const char *cache_kind_dir(CacheKind kind) {
        return kind == CACHE_CORE ? "cores" : "layers";
}

int cache_path(const char *cache_dir, CacheKind kind, const char *key, const char *suffix, char **ret) {
        return asprintf(ret, "%s/%s/%s%s", cache_dir, cache_kind_dir(kind), key, suffix) < 0 ? -ENOMEM : 0;
}

int cache_archives_path(const char *cache_dir, char **ret) {
        *ret = path_join(cache_dir, "archives");
        return *ret ? 0 : -ENOMEM;
}

bool cache_key_is_valid(const char *s) {
        return strlen(s) == SHA256_HEX_SIZE - 1 && s[strspn(s, "0123456789abcdef")] == 0;
}

/* FD is root's and nobody else may change what is in it. */
static int dir_is_roots(int fd, const char *path, char **ret_why) {
        struct stat st;

        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISDIR(st.st_mode))
                return error_text(ret_why, "%s is not a directory", path), -EPERM;
        if (st.st_uid != 0)
                return error_text(ret_why, "%s is not root's (uid %u)", path, (unsigned) st.st_uid), -EPERM;
        if ((st.st_mode & 022) && !(st.st_mode & S_ISVTX))
                return error_text(ret_why, "%s is writable by group or others", path), -EPERM;
        return 0;
}

/* mkdir NAME in DFD (root's, 0755) unless it is there, then open it without following a symlink */
static int subdir_open(int dfd, const char *name, const char *path, bool strict, char **ret_why) {
        _cleanup_close_ int fd = -1;
        int r;

        if (mkdirat(dfd, name, 0755) < 0 && errno != EEXIST)
                return negative_errno();
        fd = openat(dfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return errno == ENOTDIR || errno == ELOOP
                        ? (error_text(ret_why, "%s is a symlink or no directory", path), -EPERM)
                        : negative_errno();
        r = dir_is_roots(fd, path, ret_why);
        if (r >= 0 && strict) {
                struct stat st;
                /* the cache itself: no sticky exception, nobody else writes there */
                if (fstat(fd, &st) < 0)
                        return negative_errno();
                if (st.st_mode & 022)
                        return error_text(ret_why, "%s is writable by group or others", path), -EPERM;
        }
        if (r < 0)
                return r;
        return TAKE_FD(fd);
}

int cache_dir_prepare(const char *cache_dir, char **ret_why) {
        _cleanup_free_ char *copy = strdup(cache_dir), *sofar = NULL;
        _cleanup_close_ int fd = -1;
        static const char *const subdirs[] = {"cores", "layers", "archives"};
        char *save = NULL;
        int r;

        *ret_why = NULL;
        if (!copy)
                return -ENOMEM;
        if (!path_is_absolute(cache_dir) || !path_is_normalized(cache_dir))
                return error_text(
                               ret_why, "the cache dir %s is not an absolute, normalized path", cache_dir),
                       -EPERM;
        fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        r = dir_is_roots(fd, "/", ret_why);
        if (r < 0)
                return r;
        for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
                _cleanup_free_ char *p = path_join(sofar ?: "/", c);
                int nfd;

                if (!p)
                        return -ENOMEM;
                nfd = subdir_open(fd, c, p, false, ret_why);
                if (nfd < 0)
                        return nfd;
                safe_close(fd);
                fd = nfd;
                free(sofar);
                sofar = TAKE_PTR(p);
        }
        r = subdir_open(fd, ".", cache_dir, true, ret_why);
        if (r < 0)
                return r;
        safe_close(r);
        for (size_t i = 0; i < ELEMENTSOF(subdirs); i++) {
                _cleanup_free_ char *p = path_join(cache_dir, subdirs[i]);

                if (!p)
                        return -ENOMEM;
                r = subdir_open(fd, subdirs[i], p, true, ret_why);
                if (r < 0)
                        return r;
                safe_close(r);
        }
        return 0;
}

int cache_lock(const char *lock_path, int operation, bool nonblock) {
        for (;;) {
                _cleanup_close_ int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
                struct stat a, b;

                if (fd < 0)
                        return negative_errno();
                while (flock(fd, operation | (nonblock ? LOCK_NB : 0)) < 0)
                        if (errno != EINTR || process_interrupted())
                                return negative_errno();
                /* gc unlinks a lock file under LOCK_EX: a lock on that old file guards nothing */
                if (fstat(fd, &a) < 0)
                        return negative_errno();
                if (stat(lock_path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
                        return TAKE_FD(fd);
        }
}
