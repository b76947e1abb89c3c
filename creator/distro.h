/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

typedef enum DistroFamily {
        DISTRO_DEBIAN,
        DISTRO_UBUNTU,
} DistroFamily;

typedef struct Distro {
        const char *name; /* as the user writes it, and as NAME.conf records it */
        const char *suite; /* what debootstrap is given */
        DistroFamily family;
} Distro;

/* NULL if NAME is not a distribution we know how to debootstrap. */
const Distro *distro_find(const char *name);

/* "bookworm, trixie, ..." for error messages and --help. */
const char *distro_names(void);
