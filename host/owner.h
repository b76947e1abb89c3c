/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>
#include <systemd/sd-bus.h>

#include "machine.h"
#include "run-paths.h"

/* Creates RUN_DIR, RUN_DIR/UID and its lock/ and state/ (not NAME's state dir), all root-owned 0755;
 * refuses any that is not (-EPERM) or is a symlink (-ENOTDIR). */
int run_dirs_ensure(const RunPaths *p);

/* The container unit's Description: it records for whom and from which rootfs root started it.
 * Only root starts system units (no polkit rule grants it), so a unit with this description was
 * started by the privileged half for that user. */
int owner_description(const char *name, uid_t uid, const char *directory, char **ret);

/* Is UNIT loaded, and started for DESCRIPTION? 1 ours, 0 not loaded, -EBUSY someone else's. */
int unit_owned(sd_bus *bus, const char *unit, const char *description);

/* Does the running machine NAME belong to this caller: registered by UNIT (ours by its
 * description) from DIRECTORY (or nspawn's --ephemeral copy of it when EPHEMERAL)? */
bool machine_matches(const MachineInfo *m, const char *unit, const char *directory, bool ephemeral);

/* machine_matches() and its unit started for DESCRIPTION: 0 ours, -EBUSY not. */
int machine_owned(sd_bus *bus, const MachineInfo *m, const char *unit, const char *description,
        const char *directory, bool ephemeral);

/* make-app-container remove: stops machine NAME if it runs and is the one root started for UID
 * from DIRECTORY; 0 also when not running, -EBUSY when it is someone else's. */
int owned_machine_stop(sd_bus *bus, const char *name, uid_t uid, const char *directory, bool ephemeral,
        sd_bus_error *ret_error);
