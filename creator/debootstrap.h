/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "distro.h"

/* What every base has: the container boots with systemd (nspawn --boot) and registers with machined. */
#define BASE_INCLUDE "systemd,systemd-sysv,dbus,systemd-container"

/* The debootstrap command line that makes a base of DISTRO in TARGET: BASE_INCLUDE only, with the
 * .deb files kept in (and taken from, checksums verified) ARCHIVES unless it is NULL. The
 * packages asked for come after, from apt, whose resolver copes with what debootstrap's cannot
 * (alternatives, virtual packages: podman, chromium, ...). */
int debootstrap_argv(const Distro *distro, const char *arch, const char *variant, const char *target,
        const char *mirror, const char *archives, char ***ret);

/* The same core made by mmdebstrap (root mode, the same variant and packages): faster than debootstrap
 * (README, Benchmarks), so the creator uses it when MMDEBSTRAP is installed. ARCHIVES is bound on
 * the target's /var/cache/apt/archives for apt's downloads (a hook; the whole run is in a private
 * mount namespace) and not emptied at the end. --verbose: apt's and dpkg's own lines, which the
 * progress line counts. */
int mmdebstrap_argv(const Distro *distro, const char *arch, const char *variant, const char *target,
        const char *mirror, const char *archives, char ***ret);

/* "mmdebstrap" when MMDEBSTRAP is set and installed, else "debootstrap": what makes the cores. */
const char *bootstrapper(void);

/* apt-get -o APT::Sandbox::User=root install -y --no-install-recommends -- PACKAGES, and each .deb as
 * /tmp/BASENAME, as copied into the rootfs. */
int apt_install_argv(char *const *packages, char *const *debs, char ***ret);
