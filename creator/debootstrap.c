/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <unistd.h>

#include "config.h"

#include "debootstrap.h"
#include "macro.h"
#include "path-util.h"

int debootstrap_argv(const Distro *distro, const char *arch, const char *variant, const char *target,
        const char *mirror, const char *archives, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;

        if (strv_extend(&l, DEBOOTSTRAP) < 0 || strv_extendf(&l, "--variant=%s", variant) < 0 ||
                strv_extendf(&l, "--arch=%s", arch) < 0 ||
                (archives && strv_extendf(&l, "--cache-dir=%s", archives) < 0) ||
                strv_extend(&l, "--include=" BASE_INCLUDE) < 0)
                return -ENOMEM;
        /* debootstrap knows no "--": SUITE, TARGET and MIRROR come from the distro table, create's own
         * DIR and a mirror URL that starts with http(s):// or file:/// (creator-argv.h), never with '-' */
        /* most desktop apps are in universe */
        if (distro->family == DISTRO_UBUNTU && strv_extend(&l, "--components=main,universe") < 0)
                return -ENOMEM;
        if (strv_extend(&l, distro->suite) < 0 || strv_extend(&l, target) < 0 || strv_extend(&l, mirror) < 0)
                return -ENOMEM;
        *ret = TAKE_PTR(l);
        return 0;
}

const char *bootstrapper(void) {
        return !isempty(MMDEBSTRAP) && access(MMDEBSTRAP, X_OK) == 0 ? "mmdebstrap" : "debootstrap";
}

int mmdebstrap_argv(const Distro *distro, const char *arch, const char *variant, const char *target,
        const char *mirror, const char *archives, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ char *q = NULL;

        if (strv_extend(&l, MMDEBSTRAP) < 0 || strv_extend(&l, "--mode=root") < 0 ||
                strv_extend(&l, "--verbose") < 0 || strv_extendf(&l, "--variant=%s", variant) < 0 ||
                strv_extendf(&l, "--architectures=%s", arch) < 0 ||
                strv_extend(&l, "--include=" BASE_INCLUDE) < 0 ||
                strv_extend(&l, "--aptopt=APT::Sandbox::User \"root\"") < 0)
                return -ENOMEM;
        if (distro->family == DISTRO_UBUNTU && strv_extend(&l, "--components=main,universe") < 0)
                return -ENOMEM;
        if (archives) {
                /* the hook is a shell command: the path is quoted */
                q = shell_quote(archives);
                if (!q || strv_extend(&l, "--skip=download/empty") < 0 ||
                        strv_extend(&l, "--skip=essential/unlink") < 0 ||
                        strv_extend(&l, "--setup-hook=mkdir -p \"$1/var/cache/apt/archives\"") < 0 ||
                        strv_extendf(&l, "--setup-hook=mount -o bind %s \"$1/var/cache/apt/archives\"", q) <
                                0 ||
                        strv_extend(&l, "--customize-hook=umount \"$1/var/cache/apt/archives\"") < 0)
                        return -ENOMEM;
        }
        /* "--": SUITE, TARGET and MIRROR as operands, whatever they look like */
        if (strv_extend(&l, "--") < 0 || strv_extend(&l, distro->suite) < 0 || strv_extend(&l, target) < 0 ||
                strv_extend(&l, mirror) < 0)
                return -ENOMEM;
        *ret = TAKE_PTR(l);
        return 0;
}

int apt_install_argv(char *const *packages, char *const *debs, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;

        /* the shared archive cache (chroot-exec.h) is root's alone: no download as _apt, whose uid
         * means another user (or nobody) on the host */
        if (strv_extend(&l, "apt-get") < 0 || strv_extend(&l, "-o") < 0 ||
                strv_extend(&l, "APT::Sandbox::User=root") < 0 || strv_extend(&l, "install") < 0 ||
                strv_extend(&l, "-y") < 0 || strv_extend(&l, "--no-install-recommends") < 0 ||
                strv_extend(&l, "--") < 0)
                return -ENOMEM;
        for (size_t i = 0; packages && packages[i]; i++)
                if (strv_extend(&l, packages[i]) < 0)
                        return -ENOMEM;
        /* a path (with a slash) makes apt take the file, and still resolve its dependencies */
        for (size_t i = 0; debs && debs[i]; i++)
                if (strv_extendf(&l, "/tmp/%s", path_basename(debs[i])) < 0)
                        return -ENOMEM;
        *ret = TAKE_PTR(l);
        return 0;
}
