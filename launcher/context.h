/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What one launch knows: the caller, their conf, and the names root keeps for this app. */

#include <stdbool.h>
#include <systemd/sd-bus.h>

#include "app-config.h"
#include "caller.h"
#include "invocation.h"
#include "launcher-argv.h"
#include "owner.h"

typedef struct Context {
        const LauncherArgs *args;
        char *name;
        char *conf_path;
        AppConfig config;
        Caller caller;
        char **env; /* the caller's DISPLAY, TERM, ... as KEY=VALUE */
        char *unit;
        char *xephyr_unit; /* gui-private: the nested X server's unit */
        char *dbus_proxy_unit; /* dbus = filtered: xdg-dbus-proxy's unit (dbus-proxy.h) */
        char *state_dir; /* RUN_DIR/UID/state/NAME: cookie, inside environment, agent socket */
        RunPaths paths; /* RUN_DIR/UID and its lock/ and state/ (owner.h) */
        char *owner; /* the container unit's Description: for whom, from which rootfs */
        int leader_pidfd; /* the running container's init, once container_ensure_started() found it */
        sd_bus *bus;
} Context;

/* Fills C for the app NAME of CONF_PATH, acting for the caller (through sudo/pkexec) or the conf's
 * user; takes ENV (KEY=VALUE, the caller's). Logs. */
int context_setup(Context *c, const LauncherArgs *args, const char *name, const char *conf_path, char **env);
void context_done(Context *c);

NetworkMode effective_network(const Context *c);
int bus_open(Context *c);
int state_dir_ensure(Context *c);
