/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The user's side of the warm path (agent.h), without a privilege step: under the mutex take our
 * reference and connect to the agent of the running container NAME, let it run ARGV with ENV
 * (TERM, LANG) and our stdio, then drop the reference; the last instance runs HELPER with
 * RELEASE_TAIL (the privileged half's ++internal-release) to stop the container.
 * Returns 0 with the app's exit status in *ret_status, or negative errno when the warm path is not
 * open (no agent, the container is not running, ...): nothing ran, take the privileged path. */
int warm_launch(const char *name, char *const *argv, char *const *env, const char *helper,
        char *const *release_tail, int *ret_status);
