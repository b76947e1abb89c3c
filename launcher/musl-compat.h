/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What glibc has and musl 1.2.3 (Debian 12's) lacks, for the front built against musl (meson option
 * musl_front): included in each of its files with -include. The calls are the agent's (agent.c),
 * which runs in appctl-main (glibc), never in the front; here they only let agent.c build. */
#include <spawn.h>

int close_range(unsigned first, unsigned last, int flags);
int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *fa, int from);
