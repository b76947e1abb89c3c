/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "agent.h"
#include "context.h"
#include "machine.h"

/* The container of one Context: look it up (only the caller's own), start it with its grants under the
 * refcount mutex, run in it, drop a reference, stop it. All log. */

int get_machine(Context *c, MachineInfo *ret);
int get_own_machine(Context *c, MachineInfo *ret);
int refuse_foreign_machine(Context *c);
int container_ensure_started(Context *c, bool hold, int *ret_ref_fd, pid_t *ret_leader);
int container_release(Context *c, int *ref_fd);
/* The one place that stops a container: only the unit root started for this caller. */
int container_stop(Context *c);
int run_in_container(Context *c, pid_t leader, char *const *argv, char *const *env, bool detach,
        const AgentListen *agent, int *ret_status);
