/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* systemd-nspawn 256 and later mount a directory for the container's exported sockets on the host,
 * NSPAWN_UNIX_EXPORT_DIR/MACHINE, and refuse to start MACHINE while that is a mount point. An nspawn
 * killed at its stop timeout never unmounts it, and the next start of the machine fails ("Mount
 * point ... exists already, refusing"; that nspawn removes it on its way out). */
#define NSPAWN_UNIX_EXPORT_DIR "/run/systemd/nspawn/unix-export"

/* Detaches a stale export mount of MACHINE below DIR (NSPAWN_UNIX_EXPORT_DIR; tests pass their own).
 * Call only while no nspawn runs MACHINE. Nothing there, or not a mount point: 0. */
int nspawn_unix_export_cleanup(const char *dir, const char *machine);
