/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* A freedesktop entry for an app container's launcher, made like distrobox-export does: from the
 * app's own .desktop file inside the container (Name, Comment, Icon, Categories, Exec's field
 * codes), pointing at the launcher, with the icon copied out of the container. */

typedef struct DesktopSource {
        char *name;
        char *comment;
        char *icon;
        char *categories;
        char *mime_type;
        char *field_code; /* "%U", "%f", ... from Exec, or NULL */
} DesktopSource;

void desktop_source_done(DesktopSource *s);

/* The [Desktop Entry] group of TEXT: unlocalized Name, Comment, Icon, Categories, MimeType, and the
 * field code of Exec. *ret_program: Exec's program (its first word), for matching. -EBADMSG without
 * a [Desktop Entry] group, Name or Exec. */
int desktop_source_parse(const char *text, DesktopSource *ret, char **ret_program);

/* The entry for launcher LAUNCHER of app NAME; SRC may be NULL (no .desktop in the container):
 * then Name is NAME. ICON_PATH: an absolute path, or NULL. */
int desktop_entry_render(
        const DesktopSource *src, const char *name, const char *launcher, const char *icon_path, char **ret);

/* HOME/.local/share/applications/app-container-NAME.desktop and the icon's path without extension,
 * HOME/.local/share/icons/app-container-NAME. */
int desktop_paths(const char *home, const char *name, char **ret_entry, char **ret_icon_base);

/* Writes the entry (and the icon) of app NAME for the user UID/GID with home HOME: reads the
 * container ROOT as root, resolving inside it, then writes as the user (a child process that drops
 * to UID/GID first, so no path the user controls is followed by root). RUN is the conf's command.
 * *ret_entry: the entry's path. Validated with desktop-file-validate when it is installed. */
int desktop_install(const char *root, const char *name, const char *launcher, const char *run, uid_t uid,
        gid_t gid, const char *home, char **ret_entry);
