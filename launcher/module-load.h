/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>

/* dlopen() of the shared object at PATH (absolute: no library search path takes part), through an
 * fd: what is checked is what is loaded. With TRUSTED_ONLY (root loading code): every directory
 * from / down and the file itself must be root-owned and writable by nobody else (others never, the
 * group only when it is root's), none of them a symlink; -EPERM otherwise, and nothing is loaded.
 * *ret_handle: dlopen()'s handle (RTLD_NOW | RTLD_LOCAL). -ENOEXEC when dlopen() fails (dlerror()
 * says why). */
int module_load(const char *path, bool trusted_only, void **ret_handle);
