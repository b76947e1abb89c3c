/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "launcher-argv.h"

/* As the user: the warm path, else exec the root-owned APPCTL_PATH. Returns an exit status. */
int reexec(const LauncherArgs *args, const char *name);
