/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What glibc has and musl 1.2.3 (Debian 12's) lacks, for the front built against musl (meson option
 * musl_front): included in each of its files with -include. The call is the agent's (agent.c),
 * which runs in appctl-main (glibc), never in the front; here it only lets agent.c build. */
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

int close_range(unsigned first, unsigned last, int flags);
