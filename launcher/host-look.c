/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "host-look.h"
#include "macro.h"
#include "path-util.h"

static const struct {
        const char *source; /* absolute, or relative to the home */
        const char *destination; /* below HOST_LOOK_DIR */
} look_binds[] = {
        {"/usr/share/fonts", "share/fonts"},
        {"/usr/local/share/fonts", "local-share/fonts"},
        {".local/share/fonts", "user-share/fonts"},
        {"/usr/share/icons", "share/icons"},
        {".local/share/icons", "user-share/icons"},
        {".icons", "user-icons"},
        {"/usr/share/themes", "share/themes"},
        {".config/gtk-3.0", "user-config/gtk-3.0"},
        {".config/gtk-4.0", "user-config/gtk-4.0"},
        {".gtkrc-2.0", "user-config/gtkrc-2.0"},
        {".config/Trolltech.conf", "user-config/Trolltech.conf"},
        {".config/qt5ct", "user-config/qt5ct"},
        {".config/kdeglobals", "user-config/kdeglobals"},
        {"/etc", "etc"},
        /* /etc/localtime as systemd's timedated writes it, relative (../usr/share/zoneinfo/ZONE),
         * resolves from HOST_LOOK_ETC to the host's zone files; Debian's absolute one to the image's */
        {"/usr/share/zoneinfo", "usr/share/zoneinfo"},
};

const char host_look_fonts_conf[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
        "<!-- app-container host-look: the container's own configuration (its fonts, its caches),\n"
        "     and the host's fonts, read-only. -->\n"
        "<fontconfig>\n"
        "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
        "  <dir>" HOST_LOOK_DIR "/share/fonts</dir>\n"
        "  <dir>" HOST_LOOK_DIR "/local-share/fonts</dir>\n"
        "  <dir>" HOST_LOOK_DIR "/user-share/fonts</dir>\n"
        "</fontconfig>\n";

int host_look_binds(const char *home, BindMount **ret, size_t *ret_n) {
        BindMount *l = calloc(ELEMENTSOF(look_binds), sizeof(BindMount));

        if (!l)
                return -ENOMEM;
        for (size_t i = 0; i < ELEMENTSOF(look_binds); i++) {
                l[i] = (BindMount){
                        .source = look_binds[i].source[0] == '/' ? strdup(look_binds[i].source)
                                                                 : path_join(home, look_binds[i].source),
                        .destination = path_join(HOST_LOOK_DIR, look_binds[i].destination),
                        .read_only = true,
                        .optional = true,
                        .fixed_destination = true,
                };
                if (!l[i].source || !l[i].destination) {
                        bind_mount_free_many(l, i + 1);
                        return -ENOMEM;
                }
        }
        *ret = l;
        *ret_n = ELEMENTSOF(look_binds);
        return 0;
}

int host_look_env(const char *home, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        int r;

        r = strv_extend(&l, "FONTCONFIG_FILE=" HOST_LOOK_FONTS_CONF);
        /* the container's data first: its own apps' icons and themes win over the host's */
        if (r >= 0)
                r = strv_extend(&l,
                        "XDG_DATA_DIRS=/usr/local/share:/usr/share:" HOST_LOOK_DIR
                        "/user-share:" HOST_LOOK_DIR "/share");
        if (r >= 0)
                r = strv_extend(&l, "XDG_CONFIG_DIRS=" HOST_LOOK_DIR "/user-config:/etc/xdg");
        if (r >= 0)
                r = strv_extend(&l, "GTK2_RC_FILES=" HOST_LOOK_DIR "/user-config/gtkrc-2.0");
        if (r >= 0)
                r = strv_extendf(&l,
                        "XCURSOR_PATH=%1$s/.icons:%1$s/.local/share/icons:/usr/share/icons:/usr/share/"
                        "pixmaps:"
                        "%2$s/user-icons:%2$s/user-share/icons:%2$s/share/icons",
                        home, HOST_LOOK_DIR);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}

static int openat2_beneath(int dfd, const char *path, int flags) {
        struct open_how how = {
                .flags = (uint64_t) (flags | O_CLOEXEC | O_NOFOLLOW),
                .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
        };
        int fd = (int) syscall(SYS_openat2, dfd, path, &how, sizeof(how));

        return fd < 0 ? negative_errno() : fd;
}

int host_look_link_localtime(const char *directory) {
        static const char target[] = HOST_LOOK_ETC "/localtime", tmp[] = ".localtime.app-container";
        _cleanup_close_ int root = -1, etc = -1;
        char buf[sizeof(target) + 1];
        ssize_t n;

        root = open(directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (root < 0)
                return negative_errno();
        /* the image's /etc, never through a symlink (it would lead root out of the rootfs) */
        etc = openat2_beneath(root, "etc", O_RDONLY | O_DIRECTORY);
        if (etc < 0)
                return etc;
        n = readlinkat(etc, "localtime", buf, sizeof(buf) - 1);
        if (n >= 0 && (size_t) n == strlen(target) && strneq(buf, target, (size_t) n))
                return 0;
        (void) unlinkat(etc, tmp, 0);
        if (symlinkat(target, etc, tmp) < 0)
                return negative_errno();
        if (renameat(etc, tmp, etc, "localtime") < 0) {
                int r = negative_errno();
                (void) unlinkat(etc, tmp, 0);
                return r;
        }
        return 0;
}
