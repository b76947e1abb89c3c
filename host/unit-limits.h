/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "app-config.h"

/* The five resource limits of NAME.conf as properties of app-container-NAME.service. */
#define UNIT_LIMITS_MAX 5

/* One transient unit property: a "t" (uint64) or "u" (uint32) value. */
typedef struct UnitProperty {
        const char *name;
        char type;
        uint64_t value;
} UnitProperty;

/* The properties for C's limits (MemoryMax or MemoryMaxScale, CPUWeight, CPUQuotaPerSecUSec,
 * TasksMax or TasksMaxScale, IOWeight), only those set. -EINVAL for a text the conf parser would
 * have refused (a conf is parsed before, so only a bug gets here). */
int unit_limits_build(const AppConfig *c, UnitProperty ret[static UNIT_LIMITS_MAX], size_t *ret_n);

/* "MemoryMax=536870912" for ++show and ++dry-run; malloc'd. */
char *unit_property_to_string(const UnitProperty *p);
