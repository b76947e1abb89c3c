/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

/* execve() of the program at PATH (absolute: no search path takes part), through an fd: what is
 * checked is what runs. With TRUSTED_ONLY (root running code): every directory from / down and the
 * file itself must be root-owned and writable by nobody else (others never, the group only when it
 * is root's), none of them a symlink; -EPERM otherwise, and nothing runs. Returns only on failure:
 * negative errno (-ENOEXEC: no program the kernel runs; -ENOENT for a script, which would need the
 * fd it has not). */
int trusted_exec(const char *path, bool trusted_only, char *const argv[], char *const envp[]);
