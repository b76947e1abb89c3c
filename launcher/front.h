/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What every launch runs first: libc, libconfuse and the user's half only (libwarm), linked
 * statically, so a warm launch loads no shared library at all (no libsystemd, libcap, libseccomp,
 * not even libc's dynamic linking).
 *
 * front_warm_launch(): as the user, a run or ++cmd of a valid launcher whose conf is theirs goes
 * to the agent of the running container (warm-launch.h). Returns 0 with the app's exit status in
 * *ret_status, or negative when it is not a warm launch: nothing ran, nothing was printed but
 * ++show's steps, and front_exec_appctl() does the rest (every error message is its own).
 *
 * front_exec_appctl(): executes APPCTL_MAIN_PATH (the rest of appctl, root-owned beside
 * APPCTL_PATH; trusted-exec.h) with the same arguments, and APPCTL_FRONT_EXE_ENV set to the
 * launcher's own file (invocation.h). Returns an exit status, only when that fails. */
int front_warm_launch(int argc, char *argv[], int *ret_status);
int front_exec_appctl(int argc, char *argv[]);
