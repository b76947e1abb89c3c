/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <systemd/sd-bus.h>

/* One level above unit.h and machine.h, which know nothing of each other: a container's unit
 * stopped and its machine gone. */

/* unit_stop(UNIT), then machine_wait_gone(MACHINE): until machined has forgotten it. */
int unit_stop_and_wait(sd_bus *bus, const char *unit, const char *machine, sd_bus_error *ret_error);
