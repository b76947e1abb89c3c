/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "machine-stop.h"
#include "bus-util.h"
#include "machine.h"
#include "macro.h"
#include "unit.h"

int unit_stop_and_wait(sd_bus *bus, const char *unit, const char *machine, sd_bus_error *ret_error) {
        _cleanup_(sd_bus_slot_unrefp) sd_bus_slot *removed_slot = NULL;
        _cleanup_(machine_info_done) MachineInfo info = {};
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        bool gone = false;
        int r;

        /* subscribed before the stop, or a fast MachineRemoved is gone before we listen */
        r = machine_watch_removed(bus, machine, &gone, &removed_slot);
        if (r >= 0)
                r = unit_stop(bus, unit, ret_error);
        if (r < 0)
                return r;
        /* the unit is down; machined drops the machine when nspawn's scope is gone */
        r = machine_get(bus, machine, &info, &error);
        if (r == -ENXIO)
                return 0;
        if (r < 0)
                return r;
        return bus_wait_until(bus, &gone);
}
