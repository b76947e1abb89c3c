/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What every launch runs first, linked with libc, libconfuse and the user's half only (libwarm):
 * no libsystemd, libcap, libseccomp, so a warm launch pays for loading none of them.
 *
 * front_warm_launch(): as the user, a run or ++cmd of a valid launcher whose conf is theirs goes
 * to the agent of the running container (warm-launch.h). Returns 0 with the app's exit status in
 * *ret_status, or negative when it is not a warm launch: nothing ran, nothing was printed but
 * ++show's steps, and front_run_appctl() does the rest (every error message is its own).
 *
 * front_run_appctl(): loads APPCTL_MODULE_PATH (the rest of appctl, root-owned beside APPCTL_PATH;
 * module-load.h) and runs its appctl_main() (appctl.h). Returns an exit status. */
int front_warm_launch(int argc, char *argv[], int *ret_status);
int front_run_appctl(int argc, char *argv[]);
