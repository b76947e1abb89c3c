/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>
#include <systemd/sd-bus.h>

typedef struct MachineInfo {
        pid_t leader;
        char *state; /* opening, running, closing */
        char *unit;
        char *root_directory;
} MachineInfo;

void machine_info_done(MachineInfo *m);

/* Reads machine NAME from org.freedesktop.machine1 (GetMachine → Leader, State, Unit,
 * RootDirectory). -ENXIO when no such machine is registered. */
int machine_get(sd_bus *bus, const char *name, MachineInfo *ret, sd_bus_error *ret_error);

/* The host-side interfaces machined knows for machine NAME (nspawn registers its veth's host end):
 * ifindexes, malloc'd. -ENXIO when no such machine is registered. */
int machine_get_network_interfaces(sd_bus *bus, const char *name, int **ret, size_t *ret_n);

/* A pidfd of M's leader (M from machine_get(NAME)), checked with a second GetMachine to be still
 * that machine's leader: a pid recycled in between is never entered. -ESRCH when it changed. */
int machine_open_leader(sd_bus *bus, const char *name, const MachineInfo *m, int *ret_pidfd);

/* Waits until machine NAME is unregistered, without polling. */
int machine_wait_gone(sd_bus *bus, const char *name);
