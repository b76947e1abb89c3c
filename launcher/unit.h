/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <systemd/sd-bus.h>

/* Processes bus messages until *done becomes true; sd_bus_wait() sleeps in between (no polling). */
int bus_wait_until(sd_bus *bus, const bool *done);

/* StartTransientUnit(UNIT, "fail") on systemd PID 1 with the container's properties; waits for
 * the job's JobRemoved (subscribed before the call). On a job result other than "done" returns
 * -EIO and the result in *ret_result. -EEXIST when the unit is already loaded. */
int unit_start_transient(sd_bus *bus, const char *unit, const char *description, char *const *exec_argv,
        char *const *device_allow, char **ret_result, sd_bus_error *ret_error);

/* StopUnit(UNIT, "replace") and wait for its job; 0 also when the unit is not loaded. Then waits
 * until machined has forgotten MACHINE (the MachineRemoved signal, subscribed before the call). */
int unit_stop_and_wait(sd_bus *bus, const char *unit, const char *machine, sd_bus_error *ret_error);
