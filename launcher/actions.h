/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "context.h"

/* Runs the action of C->args: negative errno (logged) if it failed, else 0 with the app's (or
 * apt's) exit status in *RET_STATUS (0 for the actions that run nothing). */
int actions_dispatch(Context *c, int *ret_status);
