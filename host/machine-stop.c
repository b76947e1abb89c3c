/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "machine-stop.h"
#include "machine.h"
#include "unit.h"

int unit_stop_and_wait(sd_bus *bus, const char *unit, const char *machine, sd_bus_error *ret_error) {
        int r;

        r = unit_stop(bus, unit, ret_error);
        if (r < 0)
                return r;
        /* the unit is down; machined drops the machine when nspawn's scope is gone (systemd 257
         * drops it sooner, when the leader exits: then it is gone already) */
        return machine_wait_gone(bus, machine);
}
