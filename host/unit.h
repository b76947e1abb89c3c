/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>

/* How long a container may take to halt before systemd kills what is left of it. */
#define UNIT_TIMEOUT_STOP_USEC ((uint64_t) 10 * 1000 * 1000)

#include <stdbool.h>
#include <sys/types.h>
#include <systemd/sd-bus.h>

#include "unit-limits.h"

/* Appends a unit's properties, each a (sv), inside StartTransientUnit's a(sv). */
typedef int (*UnitAppendProperties)(sd_bus_message *m, const void *userdata);

/* StartTransientUnit(UNIT, MODE) on systemd PID 1 with the properties APPEND adds; waits for the
 * job's JobRemoved (subscribed before the call). On a job result other than "done" returns -EIO
 * and the result in *ret_result. -EEXIST when the unit is already loaded. */
int unit_start_transient_with(sd_bus *bus, const char *unit, const char *mode, UnitAppendProperties append,
        const void *userdata, char **ret_result, sd_bus_error *ret_error);

/* unit_start_transient_with(), and when the unit is still loaded (a leftover of a container that
 * died without its stop, whose helper serves nobody) StopUnit and one more start. */
int unit_start_transient_fresh(sd_bus *bus, const char *unit, const char *mode, UnitAppendProperties append,
        const void *userdata, char **ret_result, sd_bus_error *ret_error);

/* Appends the property NAME of type "as" (Environment=, PartOf=, ...). */
int unit_append_strv_property(sd_bus_message *m, const char *name, char *const *l);

/* The properties of a helper that runs as the user UID:GID beside a container (Xephyr,
 * xdg-dbus-proxy): DESCRIPTION, Type=exec, User=, Group=, NoNewPrivileges=yes, an empty
 * CapabilityBoundingSet=, CollectMode=inactive-or-failed, PartOf=CONTAINER_UNIT, stdout the fd
 * READY_FD (the write end of the pipe its readiness report comes on), stderr the journal. */
int unit_append_user_helper(sd_bus_message *m, const char *description, uid_t uid, gid_t gid,
        const char *container_unit, int ready_fd);

/* Appends ExecStart= running ARGV (argv[0] is the path). */
int unit_append_exec_start(sd_bus_message *m, char *const *argv);

/* StartTransientUnit(UNIT, "fail") on systemd PID 1 with the container's properties (and the N
 * resource limits LIMITS); waits for the job's JobRemoved (subscribed before the call). On a job
 * result other than "done" returns -EIO and the result in *ret_result. -EEXIST when the unit is
 * already loaded. */
int unit_start_transient(sd_bus *bus, const char *unit, const char *description, char *const *exec_argv,
        char *const *device_allow, const UnitProperty *limits, size_t n_limits, char **ret_result,
        sd_bus_error *ret_error);

/* The unit's MemoryCurrent (bytes) and CPUUsageNSec; UINT64_MAX where systemd does not know. */
int unit_get_usage(sd_bus *bus, const char *unit, uint64_t *ret_memory, uint64_t *ret_cpu_nsec);

/* StopUnit(UNIT, "replace") and wait for its job; 0 also when the unit is not loaded. */
int unit_stop(sd_bus *bus, const char *unit, sd_bus_error *ret_error);
/* StartUnit(UNIT, "replace") and wait for its job; -EIO and the job's result in *RET_RESULT
 * (malloc'd; RET_RESULT may be NULL) when it is not "done". */
int unit_start(sd_bus *bus, const char *unit, char **ret_result, sd_bus_error *ret_error);
/* EnableUnitFiles (ENABLE) or DisableUnitFiles of the unit files NAMES, in /etc (not runtime),
 * never forcing over a link that is someone else's. */
int unit_files_enable(sd_bus *bus, char *const *names, bool enable, sd_bus_error *ret_error);
/* The manager's Reload (daemon-reload): unit files written since are read. */
int unit_daemon_reload(sd_bus *bus, sd_bus_error *ret_error);
