/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "unit.h"
#include "bus-util.h"
#include "macro.h"
#include "path-util.h"

typedef struct JobWait {
        char *job;
        char *result;
        bool done;
} JobWait;

static void job_wait_done(JobWait *w) {
        free(w->job);
        free(w->result);
}

static int on_job_removed(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        JobWait *w = userdata;
        const char *path, *unit, *result;
        uint32_t id;

        if (sd_bus_message_read(m, "uoss", &id, &path, &unit, &result) < 0)
                return 0;
        if (w->job && streq(w->job, path)) {
                w->result = strdup(result);
                w->done = true;
        }
        return 0;
}

static int watch_jobs(sd_bus *bus, JobWait *w, sd_bus_slot **ret_slot) {
        /* JobRemoved reaches the client that queued the job without Subscribe(); the match must exist
         * before the call, or a fast job's signal is gone before we listen */
        return sd_bus_match_signal(bus, ret_slot, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                "org.freedesktop.systemd1.Manager", "JobRemoved", on_job_removed, w);
}

static int read_job(sd_bus_message *reply, JobWait *w) {
        const char *job;
        int r = sd_bus_message_read(reply, "o", &job);

        if (r < 0)
                return r;
        w->job = strdup(job);
        return w->job ? 0 : -ENOMEM;
}

/* Sends M (a manager method that queues a job and returns its path) and waits for the job's end: the
 * match on JobRemoved is in place before the call. -EIO and the job's result in *RET_RESULT (may be
 * NULL) when it is not "done". */
static int job_call(sd_bus *bus, sd_bus_message *m, char **ret_result, sd_bus_error *ret_error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(sd_bus_slot_unrefp) sd_bus_slot *slot = NULL;
        _cleanup_(job_wait_done) JobWait w = {};
        int r;

        r = watch_jobs(bus, &w, &slot);
        if (r >= 0)
                r = sd_bus_call(bus, m, 0, ret_error, &reply);
        if (r >= 0)
                r = read_job(reply, &w);
        if (r >= 0)
                r = bus_wait_until(bus, &w.done);
        if (r < 0)
                return r;
        if (!w.result || !streq(w.result, "done")) {
                if (ret_result)
                        *ret_result = TAKE_PTR(w.result);
                return -EIO;
        }
        return 0;
}

/* Opens the property NAME as a variant of an array of ELEMENT; the caller closes three containers. */
static int open_array_property(sd_bus_message *m, const char *name, const char *element) {
        char variant[32];
        int r;

        if ((size_t) snprintf(variant, sizeof(variant), "a%s", element) >= sizeof(variant))
                return -EINVAL;
        r = sd_bus_message_open_container(m, 'r', "sv");
        if (r >= 0)
                r = sd_bus_message_append(m, "s", name);
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'v', variant);
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'a', element);
        return r;
}

int unit_append_strv_property(sd_bus_message *m, const char *name, char *const *l) {
        int r;

        r = sd_bus_message_open_container(m, 'r', "sv");
        if (r >= 0)
                r = sd_bus_message_append(m, "s", name);
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'v', "as");
        if (r >= 0)
                r = sd_bus_message_append_strv(m, (char **) l);
        for (int i = 0; r >= 0 && i < 2; i++)
                r = sd_bus_message_close_container(m);
        return r;
}

int unit_append_user_helper(sd_bus_message *m, const char *description, uid_t uid, gid_t gid,
        const char *container_unit, int ready_fd) {
        char user[16], group[16];
        int r;

        snprintf(user, sizeof user, "%u", (unsigned) uid);
        snprintf(group, sizeof group, "%u", (unsigned) gid);
        /* Privilege change: systemd drops to the user's uid, gid and groups before exec (User=,
         * Group=), with an empty bounding set and no_new_privs: the helper never runs as root, and
         * reaches what it reaches (the user's X display, the user's session bus) as the user. */
        r = sd_bus_message_append(m, "(sv)(sv)(sv)(sv)(sv)(sv)(sv)", "Description", "s", description, "Type",
                "s", "exec", "User", "s", user, "Group", "s", group, "NoNewPrivileges", "b", 1,
                "CapabilityBoundingSet", "t", (uint64_t) 0, "CollectMode", "s", "inactive-or-failed");
        /* systemd copies stderr from stdout whenever StandardError= equals StandardOutput=, whatever
         * fd stdout really is, so the latter (unused with a fd) must differ: null */
        if (r >= 0)
                r = sd_bus_message_append(m, "(sv)(sv)(sv)", "StandardOutput", "s", "null", "StandardError",
                        "s", "journal", "StandardOutputFileDescriptor", "h", ready_fd);
        /* a stop or restart of the container is propagated to the helper; unlike BindsTo= this does
         * not pull in the container unit, which is only started once the helper's socket exists */
        if (r >= 0)
                r = unit_append_strv_property(m, "PartOf", (char *const[]){(char *) container_unit, NULL});
        return r;
}

int unit_append_exec_start(sd_bus_message *m, char *const *argv) {
        int r;

        r = open_array_property(m, "ExecStart", "(sasb)");
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'r', "sasb");
        if (r >= 0)
                r = sd_bus_message_append(m, "s", argv[0]);
        if (r >= 0)
                r = sd_bus_message_append_strv(m, (char **) argv);
        if (r >= 0)
                r = sd_bus_message_append(m, "b", 0);
        for (int i = 0; r >= 0 && i < 4; i++)
                r = sd_bus_message_close_container(m);
        return r;
}

static int append_device_allow(sd_bus_message *m, char *const *l) {
        int r;

        r = open_array_property(m, "DeviceAllow", "(ss)");
        for (size_t i = 0; r >= 0 && l && l[i] && l[i + 1]; i += 2)
                r = sd_bus_message_append(m, "(ss)", l[i], l[i + 1]);
        for (int i = 0; r >= 0 && i < 3; i++)
                r = sd_bus_message_close_container(m);
        return r;
}

int unit_start_transient_with(sd_bus *bus, const char *unit, const char *mode, UnitAppendProperties append,
        const void *userdata, char **ret_result, sd_bus_error *ret_error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        int r;

        r = sd_bus_message_new_method_call(bus, &m, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                "org.freedesktop.systemd1.Manager", "StartTransientUnit");
        if (r < 0)
                return r;
        r = sd_bus_message_append(m, "ss", unit, mode);
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'a', "(sv)");
        if (r >= 0)
                r = append(m, userdata);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        if (r >= 0)
                r = sd_bus_message_append(m, "a(sa(sv))", 0);
        if (r < 0)
                return r;
        r = job_call(bus, m, ret_result, ret_error);
        return r < 0 && sd_bus_error_has_name(ret_error, "org.freedesktop.systemd1.UnitExists") ? -EEXIST
                                                                                                : r;
}

typedef struct ContainerUnit {
        const char *description;
        char *const *exec_argv;
        char *const *device_allow;
        const UnitProperty *limits;
        size_t n_limits;
} ContainerUnit;

static int append_container_properties(sd_bus_message *m, const void *userdata) {
        const ContainerUnit *u = userdata;
        int r;

        /* TimeoutStopSec: a container halts in about a second; one told to stop in the middle of its
         * boot can hang on until systemd's default of 90 s is up, and the launcher with it */
        r = sd_bus_message_append(m, "(sv)(sv)(sv)(sv)(sv)(sv)(sv)(sv)", "Description", "s", u->description,
                "Type", "s", "notify", "KillMode", "s", "mixed", "Delegate", "b", 1, "Slice", "s",
                "machine.slice", "DevicePolicy", "s", "closed", "CollectMode", "s", "inactive-or-failed",
                "TimeoutStopUSec", "t", UNIT_TIMEOUT_STOP_USEC);
        if (r >= 0)
                r = append_device_allow(m, u->device_allow);
        for (size_t i = 0; r >= 0 && i < u->n_limits; i++)
                r = u->limits[i].type == 'u'
                        ? sd_bus_message_append(
                                  m, "(sv)", u->limits[i].name, "u", (uint32_t) u->limits[i].value)
                        : sd_bus_message_append(m, "(sv)", u->limits[i].name, "t", u->limits[i].value);
        if (r >= 0)
                r = unit_append_exec_start(m, u->exec_argv);
        return r;
}

int unit_start_transient(sd_bus *bus, const char *unit, const char *description, char *const *exec_argv,
        char *const *device_allow, const UnitProperty *limits, size_t n_limits, char **ret_result,
        sd_bus_error *ret_error) {
        const ContainerUnit u = {
                .description = description,
                .exec_argv = exec_argv,
                .device_allow = device_allow,
                .limits = limits,
                .n_limits = n_limits,
        };

        /* "fail": never replace a job someone else queued for this unit */
        return unit_start_transient_with(
                bus, unit, "fail", append_container_properties, &u, ret_result, ret_error);
}

int unit_start_transient_fresh(sd_bus *bus, const char *unit, const char *mode, UnitAppendProperties append,
        const void *userdata, char **ret_result, sd_bus_error *ret_error) {
        int r;

        r = unit_start_transient_with(bus, unit, mode, append, userdata, ret_result, ret_error);
        if (r != -EEXIST)
                return r;
        sd_bus_error_free(ret_error);
        r = unit_stop(bus, unit, ret_error);
        if (r < 0)
                return r;
        sd_bus_error_free(ret_error);
        return unit_start_transient_with(bus, unit, mode, append, userdata, ret_result, ret_error);
}

/* METHOD(UNIT, "replace") on the manager (StartUnit, StopUnit) and the wait for its job's end. */
static int unit_job(
        sd_bus *bus, const char *method, const char *unit, char **ret_result, sd_bus_error *ret_error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        int r;

        r = sd_bus_message_new_method_call(bus, &m, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                "org.freedesktop.systemd1.Manager", method);
        if (r >= 0)
                r = sd_bus_message_append(m, "ss", unit, "replace");
        return r < 0 ? r : job_call(bus, m, ret_result, ret_error);
}

int unit_stop(sd_bus *bus, const char *unit, sd_bus_error *ret_error) {
        int r = unit_job(bus, "StopUnit", unit, NULL, ret_error);

        if (r < 0 && sd_bus_error_has_name(ret_error, "org.freedesktop.systemd1.NoSuchUnit")) {
                /* not loaded: nothing to stop */
                sd_bus_error_free(ret_error);
                return 0;
        }
        /* a stop job's other results ("canceled" by a new start) leave nothing of ours to wait for */
        return r == -EIO ? 0 : r;
}

int unit_start(sd_bus *bus, const char *unit, char **ret_result, sd_bus_error *ret_error) {
        return unit_job(bus, "StartUnit", unit, ret_result, ret_error);
}

int unit_files_enable(sd_bus *bus, char *const *names, bool enable, sd_bus_error *ret_error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL, *reply = NULL;
        int r;

        r = sd_bus_message_new_method_call(bus, &m, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                "org.freedesktop.systemd1.Manager", enable ? "EnableUnitFiles" : "DisableUnitFiles");
        if (r >= 0)
                r = sd_bus_message_append_strv(m, (char **) names);
        /* runtime = false: in /etc, for every boot; force (enable only) = false: never over another's link
         */
        if (r >= 0)
                r = enable ? sd_bus_message_append(m, "bb", false, false)
                           : sd_bus_message_append(m, "b", false);
        if (r >= 0)
                r = sd_bus_call(bus, m, 0, ret_error, &reply);
        return r < 0 ? r : 0;
}

int unit_daemon_reload(sd_bus *bus, sd_bus_error *ret_error) {
        int r = sd_bus_call_method(bus, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                "org.freedesktop.systemd1.Manager", "Reload", ret_error, NULL, NULL);
        return r < 0 ? r : 0;
}

int unit_get_usage(sd_bus *bus, const char *unit, uint64_t *ret_memory, uint64_t *ret_cpu_nsec) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        const char *path;
        int r;

        r = sd_bus_call_method(bus, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                "org.freedesktop.systemd1.Manager", "GetUnit", &error, &reply, "s", unit);
        if (r < 0)
                return r;
        r = sd_bus_message_read(reply, "o", &path);
        if (r < 0)
                return r;
        r = sd_bus_get_property_trivial(bus, "org.freedesktop.systemd1", path,
                "org.freedesktop.systemd1.Service", "MemoryCurrent", &error, 't', ret_memory);
        if (r >= 0)
                r = sd_bus_get_property_trivial(bus, "org.freedesktop.systemd1", path,
                        "org.freedesktop.systemd1.Service", "CPUUsageNSec", &error, 't', ret_cpu_nsec);
        return r;
}
