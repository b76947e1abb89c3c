/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <sys/stat.h>

#include "devices.h"
#include "macro.h"
#include "nvidia.h"
#include "path-util.h"

/* Where distributions put the driver's libraries: Debian's packages in nvidia/current, the .run
 * installer and most others straight in the library directory. */
static const char *const lib_dirs[] = {
        "/usr/lib/x86_64-linux-gnu/nvidia/current",
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu/nvidia/current",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64",
        "/usr/lib",
};

static const char *const lib_patterns[] = {
        "libnvidia-*.so*",
        "libcuda.so*",
        "libcudadebugger.so*",
        "libGLX_nvidia.so*",
        "libEGL_nvidia.so*",
        "libGLESv1_CM_nvidia.so*",
        "libGLESv2_nvidia.so*",
        "libnvcuvid.so*",
        "libnvoptix.so*",
        "libnvidia-egl-wayland.so*",
        "libnvidia-egl-gbm.so*",
};

/* the data files, each to a directory of its own inside */
static const struct {
        const char *dir;
        const char *pattern;
        const char *inside; /* below NVIDIA_DIR */
} data_files[] = {
        {"/usr/share/vulkan/icd.d", "nvidia_icd*.json", "vulkan"},
        {"/etc/vulkan/icd.d", "nvidia_icd*.json", "vulkan"},
        {"/usr/share/glvnd/egl_vendor.d", "*nvidia*.json", "egl_vendor.d"},
        {"/usr/share/egl/egl_external_platform.d", "*nvidia*.json", "egl_external_platform.d"},
        {"/usr/bin", "nvidia-smi", "bin"},
};

void nvidia_driver_done(NvidiaDriver *d) {
        bind_mount_free_many(d->binds, d->n_binds);
        strv_free(d->devices);
        strv_free(d->env);
        *d = (NvidiaDriver){};
}

static int cmp(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

static bool matches_any(const char *name, const char *const *patterns, size_t n) {
        for (size_t i = 0; i < n; i++)
                if (fnmatch(patterns[i], name, 0) == 0)
                        return true;
        return false;
}

/* The sorted names in ROOT/DIR that match one of PATTERNS: regular files and symlinks (libcuda.so.1
 * is one; the bind takes the file it names). */
static int list_matching(
        const char *root, const char *dir, const char *const *patterns, size_t n, char ***ret) {
        _cleanup_free_ char *path = path_join(root, dir);
        _cleanup_strv_free_ char **l = calloc(1, sizeof(char *));
        struct dirent *de;
        DIR *d;
        int r = 0;

        if (!path || !l)
                return -ENOMEM;
        d = opendir(path);
        if (!d) {
                *ret = TAKE_PTR(l);
                return 0;
        }
        while (r >= 0 && (de = readdir(d)))
                if ((de->d_type == DT_REG || de->d_type == DT_LNK || de->d_type == DT_UNKNOWN) &&
                        matches_any(de->d_name, patterns, n))
                        r = strv_extend(&l, de->d_name);
        closedir(d);
        if (r < 0)
                return r;
        qsort(l, strv_length(l), sizeof(char *), cmp);
        *ret = TAKE_PTR(l);
        return 0;
}

static int add_bind(NvidiaDriver *d, const char *dir, const char *name, const char *inside) {
        BindMount *n;
        _cleanup_free_ char *dest_dir = path_join(NVIDIA_DIR, inside);

        /* one file per name inside: the first directory of lib_dirs that has it wins */
        for (size_t i = 0; i < d->n_binds; i++)
                if (streq(path_basename(d->binds[i].destination), name) &&
                        path_is_below(d->binds[i].destination, dest_dir))
                        return 0;
        n = realloc(d->binds, sizeof(BindMount) * (d->n_binds + 1));
        if (!n || !dest_dir)
                return -ENOMEM;
        d->binds = n;
        d->binds[d->n_binds] = (BindMount){
                .source = path_join(dir, name),
                .destination = path_join(dest_dir, name),
                .read_only = true,
                .optional = true,
                .fixed_destination = true,
        };
        if (!d->binds[d->n_binds].source || !d->binds[d->n_binds].destination) {
                bind_mount_done(d->binds + d->n_binds);
                return -ENOMEM;
        }
        d->n_binds++;
        return 0;
}

static int add_devices(NvidiaDriver *d, const char *root, const char *dir, const char *prefix) {
        _cleanup_free_ char *path = path_join(root, dir);
        _cleanup_strv_free_ char **l = NULL;
        int r;

        if (!path)
                return -ENOMEM;
        r = devices_list(path, prefix, &l);
        for (size_t i = 0; r >= 0 && l[i]; i++) {
                _cleanup_free_ char *p = path_join(dir, path_basename(l[i]));
                r = p ? strv_extend(&d->devices, p) : -ENOMEM;
        }
        return r;
}

static int build_env(NvidiaDriver *d) {
        _cleanup_free_ char *icds = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&icds, &size);
        bool first = true;
        int r;

        if (!f)
                return -ENOMEM;
        for (size_t i = 0; i < d->n_binds; i++)
                if (path_is_below(d->binds[i].destination, NVIDIA_DIR "/vulkan")) {
                        fprintf(f, "%s%s", first ? "" : ":", d->binds[i].destination);
                        first = false;
                }
        if (fclose(f) != 0)
                return -ENOMEM;
        r = strv_extend(&d->env, "LD_LIBRARY_PATH=" NVIDIA_DIR "/lib");
        if (r >= 0)
                r = strv_extend(&d->env,
                        "__EGL_VENDOR_LIBRARY_DIRS=" NVIDIA_DIR
                        "/egl_vendor.d:/usr/share/glvnd/egl_vendor.d");
        if (r >= 0)
                r = strv_extend(&d->env,
                        "__EGL_EXTERNAL_PLATFORM_CONFIG_DIRS=" NVIDIA_DIR
                        "/egl_external_platform.d:/usr/share/egl/egl_external_platform.d");
        if (r >= 0 && !first)
                r = strv_extendf(&d->env, "VK_ICD_FILENAMES=%s", icds);
        return r;
}

int nvidia_discover(const char *root, NvidiaDriver *ret) {
        _cleanup_(nvidia_driver_done) NvidiaDriver d = {};
        size_t n_libs;
        int r = 0;

        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(lib_dirs); i++) {
                _cleanup_strv_free_ char **names = NULL;

                r = list_matching(root, lib_dirs[i], lib_patterns, ELEMENTSOF(lib_patterns), &names);
                for (size_t k = 0; r >= 0 && names[k]; k++)
                        r = add_bind(&d, lib_dirs[i], names[k], "lib");
        }
        n_libs = d.n_binds;
        for (size_t i = 0; r >= 0 && i < ELEMENTSOF(data_files); i++) {
                _cleanup_strv_free_ char **names = NULL;

                r = list_matching(root, data_files[i].dir, &data_files[i].pattern, 1, &names);
                for (size_t k = 0; r >= 0 && names[k]; k++)
                        r = add_bind(&d, data_files[i].dir, names[k], data_files[i].inside);
        }
        if (r >= 0)
                r = add_devices(&d, root, "/dev", "nvidia");
        if (r >= 0)
                r = add_devices(&d, root, "/dev/nvidia-caps", "");
        if (r >= 0)
                r = build_env(&d);
        if (r < 0)
                return r;
        if (n_libs == 0 && !strv_contains(d.devices, "/dev/nvidiactl"))
                return -ENOENT;
        *ret = d;
        d = (NvidiaDriver){};
        return 0;
}
