/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The whole launcher; main() only calls this. Returns the process exit status. */
int appctl_main(int argc, char *argv[]);
