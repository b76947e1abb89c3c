/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdio.h>

/* The shared archive cache (CACHEDIR/archives) holds .deb files under the names apt and debootstrap
 * both give them: PACKAGE_VERSION_ARCH.deb, an epoch's ':' as "%3a". apt (and debootstrap) check
 * each file there against the size and SHA256 of the signed index before they use it, and fetch it
 * again when it differs: a file that is not what the mirror published is never installed. */

/* PACKAGE_VERSION_ARCH.deb */
int archive_deb_name(const char *package, const char *version, const char *arch, char **ret);

/* The archive names of the packages a dpkg status file (F) lists as installed, sorted. */
int dpkg_status_debs(FILE *f, char ***ret);
