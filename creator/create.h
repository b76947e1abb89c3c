/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* make-app-container's main(): parses the command line, checks everything it can before changing
 * anything, then runs the four stages (base, copy, configure, launcher) and cleans up on failure. */
int creator_main(int argc, char *argv[]);
