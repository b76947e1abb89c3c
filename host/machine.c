/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <sys/syscall.h>
#include <unistd.h>

#include "bus-util.h"
#include "machine.h"
#include "macro.h"
#include "path-util.h"

void machine_info_done(MachineInfo *m) {
        free(m->state);
        free(m->unit);
        free(m->root_directory);
        *m = (MachineInfo){};
}

int machine_get(sd_bus *bus, const char *name, MachineInfo *ret, sd_bus_error *ret_error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(machine_info_done) MachineInfo m = {};
        const char *path;
        uint32_t leader = 0;
        int r;

        r = sd_bus_call_method(bus, "org.freedesktop.machine1", "/org/freedesktop/machine1",
                "org.freedesktop.machine1.Manager", "GetMachine", ret_error, &reply, "s", name);
        if (r < 0)
                return sd_bus_error_has_name(ret_error, "org.freedesktop.machine1.NoSuchMachine") ? -ENXIO
                                                                                                  : r;
        r = sd_bus_message_read(reply, "o", &path);
        if (r < 0)
                return r;
        r = sd_bus_get_property_trivial(bus, "org.freedesktop.machine1", path,
                "org.freedesktop.machine1.Machine", "Leader", ret_error, 'u', &leader);
        if (r >= 0)
                r = sd_bus_get_property_string(bus, "org.freedesktop.machine1", path,
                        "org.freedesktop.machine1.Machine", "State", ret_error, &m.state);
        if (r >= 0)
                r = sd_bus_get_property_string(bus, "org.freedesktop.machine1", path,
                        "org.freedesktop.machine1.Machine", "Unit", ret_error, &m.unit);
        if (r >= 0)
                r = sd_bus_get_property_string(bus, "org.freedesktop.machine1", path,
                        "org.freedesktop.machine1.Machine", "RootDirectory", ret_error, &m.root_directory);
        if (r < 0)
                /* it went away between the calls */
                return sd_bus_error_has_name(ret_error, "org.freedesktop.DBus.Error.UnknownObject") ? -ENXIO
                                                                                                    : r;
        m.leader = (pid_t) leader;
        *ret = m;
        m = (MachineInfo){};
        return 0;
}

int machine_get_network_interfaces(sd_bus *bus, const char *name, int **ret, size_t *ret_n) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL, *prop = NULL;
        const void *array = NULL;
        const char *path;
        size_t size = 0;
        int *l, r;

        r = sd_bus_call_method(bus, "org.freedesktop.machine1", "/org/freedesktop/machine1",
                "org.freedesktop.machine1.Manager", "GetMachine", &error, &reply, "s", name);
        if (r < 0)
                return sd_bus_error_has_name(&error, "org.freedesktop.machine1.NoSuchMachine") ? -ENXIO : r;
        r = sd_bus_message_read(reply, "o", &path);
        if (r < 0)
                return r;
        r = sd_bus_get_property(bus, "org.freedesktop.machine1", path, "org.freedesktop.machine1.Machine",
                "NetworkInterfaces", &error, &prop, "ai");
        if (r < 0)
                return sd_bus_error_has_name(&error, "org.freedesktop.DBus.Error.UnknownObject") ? -ENXIO
                                                                                                 : r;
        r = sd_bus_message_read_array(prop, 'i', &array, &size);
        if (r < 0)
                return r;
        l = malloc(size ?: 1);
        if (!l)
                return -ENOMEM;
        if (size)
                memcpy(l, array, size);
        *ret = l;
        *ret_n = size / sizeof(int);
        return 0;
}

int machine_open_leader(sd_bus *bus, const char *name, const MachineInfo *m, int *ret_pidfd) {
        _cleanup_(machine_info_done) MachineInfo again = {};
        _cleanup_close_ int fd = -1;
        int r;

        fd = (int) syscall(SYS_pidfd_open, m->leader, 0);
        if (fd < 0)
                return errno == ESRCH ? -ESRCH : negative_errno();
        /* the pidfd pins a process; only if machined still names that pid the leader of the same
         * machine is it the container's init and not a process that got the pid meanwhile */
        r = machine_get(bus, name, &again, NULL);
        if (r == -ENXIO)
                return -ESRCH;
        if (r < 0)
                return r;
        if (again.leader != m->leader || !streq(strempty(again.unit), strempty(m->unit)) ||
                !streq(strempty(again.root_directory), strempty(m->root_directory)))
                return -ESRCH;
        *ret_pidfd = TAKE_FD(fd);
        return 0;
}

typedef struct RemovedWatch {
        const char *name;
        bool *gone;
} RemovedWatch;

static int on_machine_removed(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        RemovedWatch *w = userdata;
        const char *name, *path;

        if (sd_bus_message_read(m, "so", &name, &path) >= 0 && streq(name, w->name))
                *w->gone = true;
        return 0;
}

static void slot_free_watch(void *userdata) {
        free(userdata);
}

/* Adds a match for machined's MachineRemoved of NAME that sets *gone. */
static int machine_watch_removed(sd_bus *bus, const char *name, bool *gone, sd_bus_slot **ret_slot) {
        RemovedWatch *w = malloc(sizeof(RemovedWatch));
        sd_bus_slot *slot = NULL;
        int r;

        if (!w)
                return -ENOMEM;
        *w = (RemovedWatch){.name = name, .gone = gone};
        r = sd_bus_match_signal(bus, &slot, "org.freedesktop.machine1", "/org/freedesktop/machine1",
                "org.freedesktop.machine1.Manager", "MachineRemoved", on_machine_removed, w);
        if (r < 0) {
                free(w);
                return r;
        }
        sd_bus_slot_set_destroy_callback(slot, slot_free_watch);
        *ret_slot = slot;
        return 0;
}

int machine_wait_gone(sd_bus *bus, const char *name) {
        _cleanup_(sd_bus_slot_unrefp) sd_bus_slot *slot = NULL;
        _cleanup_(machine_info_done) MachineInfo m = {};
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        bool gone = false;
        int r;

        /* subscribe first, then look: a removal between the two is not missed */
        r = machine_watch_removed(bus, name, &gone, &slot);
        if (r < 0)
                return r;
        r = machine_get(bus, name, &m, &error);
        if (r == -ENXIO)
                return 0;
        if (r < 0)
                return r;
        return bus_wait_until(bus, &gone);
}
