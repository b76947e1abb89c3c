/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "distro.h"
#include "macro.h"

/* Only suites debootstrap has scripts for and that ship systemd-container; the aliases stay aliases
 * (debootstrap resolves them through the mirror's Release file). */
static const Distro distros[] = {
        {"bookworm", "bookworm", DISTRO_DEBIAN},
        {"trixie", "trixie", DISTRO_DEBIAN},
        {"bullseye", "bullseye", DISTRO_DEBIAN},
        {"sid", "sid", DISTRO_DEBIAN},
        {"stable", "stable", DISTRO_DEBIAN},
        {"testing", "testing", DISTRO_DEBIAN},
        {"unstable", "unstable", DISTRO_DEBIAN},
        {"focal", "focal", DISTRO_UBUNTU},
        {"jammy", "jammy", DISTRO_UBUNTU},
        {"noble", "noble", DISTRO_UBUNTU},
};

const Distro *distro_find(const char *name) {
        for (size_t i = 0; name && i < ELEMENTSOF(distros); i++)
                if (streq(distros[i].name, name))
                        return &distros[i];
        return NULL;
}

const char *distro_names(void) {
        return "bookworm, trixie, bullseye, sid, stable, testing, unstable (Debian); focal, jammy, noble "
               "(Ubuntu)";
}
