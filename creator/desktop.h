/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Where the desktop entry of app NAME and its icon live: the invoking user's
 * ~/.local/share/applications/app-container-NAME.desktop and ~/.local/share/icons/app-container-NAME.png. */
int desktop_paths_for(const char *name, char **ret_desktop, char **ret_icon);
