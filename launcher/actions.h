/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "context.h"

/* Runs the action of C->args; returns the process exit status. */
int actions_dispatch(Context *c);
