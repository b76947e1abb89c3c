/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>

#include "desktop.h"
#include "macro.h"
#include "user.h"

int desktop_paths_for(const char *name, char **ret_desktop, char **ret_icon) {
        _cleanup_(invoker_done) Invoker inv = {};
        _cleanup_free_ char *desktop = NULL, *icon = NULL;
        int r;

        r = invoker_get(&inv);
        if (r < 0)
                return r;
        if (asprintf(&desktop, "%s/.local/share/applications/app-container-%s.desktop", inv.home, name) <
                        0 ||
                asprintf(&icon, "%s/.local/share/icons/app-container-%s.png", inv.home, name) < 0)
                return -ENOMEM;
        *ret_desktop = TAKE_PTR(desktop);
        *ret_icon = TAKE_PTR(icon);
        return 0;
}
