/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdio.h>

#define DEFAULT_DEBIAN_MIRROR "http://deb.debian.org/debian"

/* The first "URIs:" value of a deb822 .sources file; -ENOENT if there is none. */
int mirror_from_deb822(FILE *f, char **ret);
/* The URI of the first "deb" line of a one-line sources.list; -ENOENT if there is none. */
int mirror_from_sources_list(FILE *f, char **ret);

/* The host's Debian mirror: ROOT/etc/apt/sources.list.d/debian.sources, else ROOT/etc/apt/sources.list,
 * else DEFAULT_DEBIAN_MIRROR. ROOT is "/" except in tests. */
int mirror_detect(const char *root, char **ret);
