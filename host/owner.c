/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "owner.h"
#include "machine-stop.h"
#include "macro.h"
#include "names.h"
#include "path-util.h"
#include "refcount.h"
#include "unit.h"

int run_dirs_ensure(const RunPaths *p) {
        _cleanup_free_ char *run_dir = path_dirname(p->user_dir), *states = path_dirname(p->state_dir);
        int r;

        if (!run_dir || !states)
                return -ENOMEM;
        r = refcount_dir_ensure(run_dir);
        if (r >= 0)
                r = refcount_dir_ensure(p->user_dir);
        if (r >= 0)
                r = refcount_dir_ensure(p->lock_dir);
        if (r >= 0)
                r = refcount_dir_ensure(states);
        return r;
}

int owner_description(const char *name, uid_t uid, const char *directory, char **ret) {
        return asprintf(ret, "App container %s of uid %u from %s", name, (unsigned) uid, directory) < 0
                ? -ENOMEM
                : 0;
}

int unit_owned(sd_bus *bus, const char *unit, const char *description) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_free_ char *found = NULL;
        const char *path;
        int transient = 0, r;

        r = sd_bus_call_method(bus, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                "org.freedesktop.systemd1.Manager", "GetUnit", &error, &reply, "s", unit);
        if (r < 0)
                return sd_bus_error_has_name(&error, "org.freedesktop.systemd1.NoSuchUnit") ? 0 : r;
        r = sd_bus_message_read(reply, "o", &path);
        if (r >= 0)
                r = sd_bus_get_property_string(bus, "org.freedesktop.systemd1", path,
                        "org.freedesktop.systemd1.Unit", "Description", &error, &found);
        if (r >= 0)
                r = sd_bus_get_property_trivial(bus, "org.freedesktop.systemd1", path,
                        "org.freedesktop.systemd1.Unit", "Transient", &error, 'b', &transient);
        if (r < 0)
                return r;
        /* a unit file of the admin's named like ours is not ours, whatever it says */
        return transient && streq(found, description) ? 1 : -EBUSY;
}

/* nspawn --ephemeral runs a copy next to DIR: tempfn_random(DIR, "machine.") gives
 * DIRNAME/.#machine.BASENAME followed by 16 hex digits */
static bool is_ephemeral_copy(const char *root, const char *directory) {
        _cleanup_free_ char *dir = path_dirname(directory), *prefix = NULL;
        const char *tail;

        if (!dir ||
                asprintf(&prefix, "%s/.#machine.%s", streq(dir, "/") ? "" : dir, path_basename(directory)) <
                        0)
                return false;
        if (!strneq(root, prefix, strlen(prefix)))
                return false;
        tail = root + strlen(prefix);
        return strlen(tail) == 16 && strspn(tail, "0123456789abcdef") == 16;
}

/* The launcher's idmapped root of an ephemeral start (names.h) of the machine whose unit is UNIT:
 * root's path, named for the machine; the unit's description ties it to the user and the rootfs. */
static bool is_ephemeral_root(const char *root, const char *unit) {
        const char *prefix = EPHEMERAL_ROOTS_DIR "/", *name;
        _cleanup_free_ char *want = NULL;

        if (!strneq(root, prefix, strlen(prefix)))
                return false;
        name = root + strlen(prefix);
        want = unit_name_for(name);
        return !strchr(name, '/') && want && streq(want, unit);
}

bool machine_matches(const MachineInfo *m, const char *unit, const char *directory, bool ephemeral) {
        if (!m->unit || !streq(m->unit, unit) || !m->root_directory)
                return false;
        return streq(m->root_directory, directory) ||
                (ephemeral &&
                        (is_ephemeral_copy(m->root_directory, directory) ||
                                is_ephemeral_root(m->root_directory, unit)));
}

int machine_owned(sd_bus *bus, const MachineInfo *m, const char *unit, const char *description,
        const char *directory, bool ephemeral) {
        int r;

        if (!machine_matches(m, unit, directory, ephemeral))
                return -EBUSY;
        r = unit_owned(bus, unit, description);
        return r == 0 ? -EBUSY : r < 0 ? r : 0;
}

int owned_machine_stop(sd_bus *bus, const char *name, uid_t uid, const char *directory, bool ephemeral,
        sd_bus_error *ret_error) {
        _cleanup_(machine_info_done) MachineInfo m = {};
        _cleanup_free_ char *unit = unit_name_for(name), *description = NULL;
        int r;

        if (!unit || owner_description(name, uid, directory, &description) < 0)
                return -ENOMEM;
        r = machine_get(bus, name, &m, ret_error);
        if (r == -ENXIO)
                return 0;
        if (r < 0)
                return r;
        r = machine_owned(bus, &m, unit, description, directory, ephemeral);
        if (r < 0)
                return r;
        return unit_stop_and_wait(bus, unit, name, ret_error);
}
