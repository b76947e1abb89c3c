/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#include "bind.h"
#include "nspawn-args.h"

/* host-look = true: the host's look and place, read-only, below HOST_LOOK_DIR inside.
 * - fonts: /usr/share/fonts, /usr/local/share/fonts, ~/.local/share/fonts, found through a
 *   fonts.conf of our own (FONTCONFIG_FILE) that includes the container's own configuration, so
 *   the container's fonts stay and fontconfig's caches are the container's (its /var/cache and the
 *   home inside): nothing is written to the host's, and the bound dirs are read-only anyway;
 * - icon and cursor themes (/usr/share/icons, ~/.local/share/icons, ~/.icons) and GTK themes
 *   (/usr/share/themes), through XDG_DATA_DIRS and XCURSOR_PATH;
 * - GTK and Qt settings (~/.config/gtk-3.0, gtk-4.0, ~/.gtkrc-2.0, Trolltech.conf, qt5ct,
 *   kdeglobals) through XDG_CONFIG_DIRS and GTK2_RC_FILES: the host's are defaults, the app's own
 *   settings inside still win;
 * - the time zone: the host's /etc read-only at HOST_LOOK_ETC and the container's /etc/localtime a
 *   symlink to HOST_LOOK_ETC/localtime, with nspawn's --timezone=off; the host's
 *   /usr/share/zoneinfo beside it, for a relative link (timedated's ../usr/share/zoneinfo/ZONE). A bind of
 * /etc/localtime itself (nspawn's --timezone=bind) is a bind of the zone file it points to at start: a
 * relink on the host (what timedatectl set-timezone does) would not be seen. Through the directory the new
 * link is, and glibc rereads /etc/localtime when it changes (TZ stays unset). Every source is opened as the
 * caller and staged by fd like any bind (validate_binds()). */
#define HOST_LOOK_DIR INSIDE_RUN_DIR "/host"
#define HOST_LOOK_ETC HOST_LOOK_DIR "/etc"
#define HOST_LOOK_FONTS_CONF HOST_LOOK_DIR "/fonts.conf"

/* The binds for the user whose home is HOME: optional (a missing source is skipped), read-only,
 * with fixed destinations. */
int host_look_binds(const char *home, BindMount **ret, size_t *ret_n);

/* The inside environment that points the toolkits at them, as KEY=VALUE. */
int host_look_env(const char *home, char ***ret);

/* The fonts.conf bound at HOST_LOOK_FONTS_CONF (static text). */
extern const char host_look_fonts_conf[];

/* Makes DIRECTORY/etc/localtime (a rootfs: root's, checked) the symlink to
 * HOST_LOOK_ETC/localtime, unless it is already; through fds, never following a symlink. */
int host_look_link_localtime(const char *directory);
